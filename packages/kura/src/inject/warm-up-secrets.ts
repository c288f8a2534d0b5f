// The warm-up of the Secrets Manager bundle (secrets-sdk.ts), which carries both clients: the
// Parameter Store paths (warm-up.ts), then GetSecretValue by name, by ARN in its region with a
// stage, and an error answer, with and without AWS_ENDPOINT_URL, against stubbed HTTP. Sends nothing
// over the network; needs the dummy AWS_* settings scripts/build.mjs gives it.

import { createSecretReader } from './secrets-reader.js';
import { stubHandler } from './stub-handler.js';
import { warmUp as warmUpParameters } from './warm-up.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:warm/db-AbCdEf';

export async function warmUp(): Promise<void> {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  await warmUpParameters();
  const handler = stubHandler((request) => {
    if (request.body.includes('denied')) return { status: 400, body: JSON.stringify({ __type: 'AccessDeniedException', Message: 'denied' }) };
    return { body: JSON.stringify({ ARN, Name: 'warm/db', VersionId: '00000000-0000-4000-8000-000000000000', SecretString: '{"username":"x","port":1}', VersionStages: ['AWSCURRENT'], CreatedDate: 1.7e9 }) };
  });
  for (const override of [endpoint, undefined]) {
    if (override === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = override;
    const reader = createSecretReader({ env: process.env, insecureHttp: false, requestHandler: handler });
    const signal = new AbortController().signal;
    await reader.get({ spec: 'warm/db', secretId: 'warm/db' }, signal);
    await reader.get({ spec: ARN, secretId: ARN, region: 'us-east-1', versionStage: 'AWSPREVIOUS' }, signal);
    await reader.get({ spec: 'denied', secretId: 'denied' }, signal).catch(() => undefined);
    reader.close();
  }
}
