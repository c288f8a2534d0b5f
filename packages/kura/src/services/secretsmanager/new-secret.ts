// The ARN a CreateSecret request would give its secret: the name and six random characters, drawn
// once per request so that the ARN authorized is the ARN created (the frozen input is the key,
// as in resolve.ts).

import type { OperationContext } from '../context.js';
import { randomSuffix, secretArn } from './names.js';

const arns = new WeakMap<object, string>();

export function newSecretArn(ctx: OperationContext, request: object, name: string): string {
  let arn = arns.get(request);
  if (arn === undefined) {
    arn = secretArn(ctx.region, ctx.accountId, name, randomSuffix());
    arns.set(request, arn);
  }
  return arn;
}
