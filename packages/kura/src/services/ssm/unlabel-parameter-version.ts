// UnlabelParameterVersion: remove labels from one version. Labels not on that version (or not valid
// label text at all) come back in InvalidLabels.

import { scopeOf, type OperationHandler } from '../context.js';
import { ssmErrors } from './errors.js';
import { optionalInteger, requiredString, stringList } from './input.js';
import { canonicalName, validateReadName } from './names.js';

export const unlabelParameterVersion: OperationHandler = async (input, ctx) => {
  const name = validateReadName(requiredString(input, 'Name'));
  const version = optionalInteger(input, 'ParameterVersion');
  if (version === undefined) throw new Error('ParameterVersion missing after validation');
  const labels = [...new Set(stringList(input, 'Labels'))];
  const outcome = await ctx.store.parameters.unlabel(scopeOf(ctx), canonicalName(name), version, labels);
  switch (outcome.outcome) {
    case 'unlabelled':
      return { RemovedLabels: outcome.removed, InvalidLabels: outcome.invalid };
    case 'not-found':
      throw ssmErrors.parameterNotFound();
    case 'version-not-found':
      throw ssmErrors.parameterVersionNotFound(version, name);
  }
};
