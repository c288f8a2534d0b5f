// Where the SDK sends `kura apply`'s calls: the endpoint it resolved (from --endpoint-url,
// AWS_ENDPOINT_URL, a profile, or AWS itself), read off one signed GetCallerIdentity. The command
// checks that it is a Kura server before writing anything: the same template against AWS is
// CloudFormation's job, and would create real roles and keys in a real account.

import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';

const STEP = 'kuraApplyResolvedEndpoint';

export async function resolvedEndpoint(sts: STSClient): Promise<URL> {
  let seen: URL | undefined;
  sts.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { protocol?: string; hostname?: string; port?: number };
      if (request.hostname) seen = new URL(`${request.protocol ?? 'https:'}//${request.hostname.includes(':') ? `[${request.hostname}]` : request.hostname}${request.port ? `:${request.port}` : ''}/`);
      return next(args);
    },
    { step: 'finalizeRequest', name: STEP },
  );
  try {
    await sts.send(new GetCallerIdentityCommand({}));
  } finally {
    sts.middlewareStack.remove(STEP);
  }
  if (!seen) throw new Error('the SDK sent GetCallerIdentity nowhere');
  return seen;
}
