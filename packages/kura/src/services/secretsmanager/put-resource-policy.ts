// PutResourcePolicy: attaches a resource policy to the secret, checked as IAM checks resource-based
// policies; with BlockPublicPolicy, one that grants broad access is refused (resource-policy.ts).
// AWS does not block public policies unless asked (its recorded behaviour).

import type { OperationHandler } from '../context.js';
import { smErrors } from './errors.js';
import { flag, requiredString } from './input.js';
import { requireSecret } from './resolve.js';
import { isPublic, parseSecretPolicy } from './resource-policy.js';
import { writeSecret } from './write.js';

export const putResourcePolicy: OperationHandler = async (input, ctx) => {
  const { secret } = await requireSecret(ctx, input, requiredString(input, 'SecretId'));
  const text = requiredString(input, 'ResourcePolicy');
  const policy = parseSecretPolicy(text);
  if (flag(input, 'BlockPublicPolicy') && isPublic(policy)) throw smErrors.publicPolicy();
  return writeSecret(ctx, secret, async (current) => ({
    output: { ARN: current.arn, Name: current.name },
    change: { patch: { resourcePolicy: text, lastChangedDate: ctx.now() } },
  }));
};
