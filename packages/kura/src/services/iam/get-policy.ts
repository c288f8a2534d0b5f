// GetPolicy: a customer managed policy of this account or an AWS managed policy Kura knows.

import type { OperationHandler } from '../context.js';
import { awsPolicyAttachments, boundaryUsage } from './boundary-usage.js';
import { requiredString } from './input.js';
import { requirePolicy } from './lookup.js';
import { policyToWire } from './to-wire.js';

export const getPolicy: OperationHandler = async (input, ctx) => {
  const arn = requiredString(input, 'PolicyArn');
  const { record, awsVersion } = await requirePolicy(ctx, arn);
  const attachmentCount = awsVersion ? ((await awsPolicyAttachments(ctx)).get(record.arn) ?? 0) : record.attachmentCount;
  const boundaries = await boundaryUsage(ctx, record.arn);
  return { Policy: policyToWire({ ...record, attachmentCount }, { description: true, tags: true, boundaryUsage: boundaries }) };
};
