// LabelParameterVersion: attach labels to a version (the latest when none is given). A label is
// unique per parameter, so attaching it moves it from any other version. At most ten per version.

import { scopeOf, type OperationHandler } from '../context.js';
import { ssmErrors } from './errors.js';
import { optionalInteger, requiredString, stringList } from './input.js';
import { MAX_LABELS_PER_VERSION, partitionLabels } from './labels.js';
import { canonicalName, validateReadName } from './names.js';

export const labelParameterVersion: OperationHandler = async (input, ctx) => {
  const name = validateReadName(requiredString(input, 'Name'));
  const canonical = canonicalName(name);
  const requested = optionalInteger(input, 'ParameterVersion');
  const { valid, invalid } = partitionLabels(stringList(input, 'Labels'));
  const repo = ctx.store.parameters;
  const scope = scopeOf(ctx);

  if (valid.length === 0) {
    // Nothing to attach, but the parameter and version must still exist for the call to succeed.
    const head = await repo.get(scope, canonical);
    if (!head) throw ssmErrors.parameterNotFound();
    if (requested !== undefined && !(await repo.getVersion(scope, canonical, requested))) {
      throw ssmErrors.parameterVersionNotFound(requested, name);
    }
    return { InvalidLabels: invalid, ParameterVersion: requested ?? head.latest.version };
  }

  const outcome = await repo.label(scope, canonical, requested, valid, MAX_LABELS_PER_VERSION);
  switch (outcome.outcome) {
    case 'labelled':
      return { InvalidLabels: invalid, ParameterVersion: outcome.version };
    case 'not-found':
      throw ssmErrors.parameterNotFound();
    case 'version-not-found':
      throw ssmErrors.parameterVersionNotFound(requested ?? '', name);
    case 'limit-exceeded':
      throw ssmErrors.parameterVersionLabelLimitExceeded();
  }
};
