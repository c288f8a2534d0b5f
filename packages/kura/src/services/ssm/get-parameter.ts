// GetParameter: one parameter by name, ARN or `name:version` / `name:label` selector. The response
// echoes a name as the caller wrote it (selector removed), not the stored display name; a
// parameter asked for by ARN is named by the name the ARN stands for, as AWS answers. A name under
// /aws/reference/secretsmanager/ is a Secrets Manager secret (secret-reference.ts).

import type { OperationHandler } from '../context.js';
import { ssmErrors } from './errors.js';
import { flag, requiredString } from './input.js';
import { lookupParameter } from './lookup.js';
import { parameterArn } from './names.js';
import { isSecretReference, readReference } from './secret-reference.js';
import { revealValue } from './secure-string.js';
import { toParameter } from './to-wire.js';

export const getParameter: OperationHandler = async (input, ctx) => {
  const name = requiredString(input, 'Name');
  if (isSecretReference(name)) {
    const read = await readReference(ctx, input, name, flag(input, 'WithDecryption'));
    if ('invalid' in read) throw read.invalid;
    return { Parameter: read.parameter };
  }
  const found = await lookupParameter(ctx, name);
  // AWS answers an unknown name with an empty message.
  if (found.outcome === 'not-found') throw ssmErrors.parameterNotFound();
  const { ref } = found;
  if (found.outcome === 'selector-not-found') {
    // A missing label is reported like a missing version (GAPS.md: AWS's choice is unverified).
    throw ssmErrors.parameterVersionNotFound(ref.selector?.text ?? '', ref.echo);
  }
  const value = await revealValue(ctx, ref.canonical, found.version, flag(input, 'WithDecryption'));
  const arn = parameterArn(ctx.region, ctx.accountId, ref.canonical);
  return { Parameter: toParameter(ref.echo, arn, found.version, value, ref.selector) };
};
