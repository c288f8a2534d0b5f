// GetSessionToken: temporary credentials that act as the calling IAM user (same policies), for
// 900–129600 seconds (the model bounds it; default 43200). Only long-term user keys may call it.
// The gateway limits what these credentials may call: no IAM, and on STS only AssumeRole and
// GetCallerIdentity (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html).

import type { OperationHandler } from '../context.js';
import { issueCredentials } from './credentials.js';
import { stsErrors } from './errors.js';

export const DEFAULT_SESSION_TOKEN_DURATION = 43_200;

export const getSessionToken: OperationHandler = async (input, ctx) => {
  const kind = ctx.principal.kind ?? 'user';
  if (kind !== 'user') throw stsErrors.sessionCredentials('GetSessionToken');
  if (input['SerialNumber'] !== undefined || input['TokenCode'] !== undefined) throw stsErrors.mfaFailed();
  const duration = typeof input['DurationSeconds'] === 'number' ? input['DurationSeconds'] : DEFAULT_SESSION_TOKEN_DURATION;
  const { wire } = await issueCredentials(
    ctx,
    {
      kind: 'session-token',
      principalArn: ctx.principal.arn,
      principalId: ctx.principal.userId,
      roleArn: null,
      roleName: null,
      sessionName: null,
      sourcePrincipalArn: ctx.principal.arn,
      sessionPolicy: null,
      sessionPolicyArns: [],
      sourceIdentity: null,
      tags: [],
      chained: false,
    },
    duration,
  );
  return { Credentials: wire };
};
