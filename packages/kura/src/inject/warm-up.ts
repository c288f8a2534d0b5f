// Runs the SDK paths `kura exec` takes (client construction, credential and config resolution,
// endpoint rules for AWS and for AWS_ENDPOINT_URL, signing, GetParametersByPath with paging,
// GetParameters, an error answer) against stubbed HTTP, so that the V8 code cache written after it
// at build time holds compiled code for all of them. Needs AWS_* credentials and region in
// process.env (scripts/build.mjs sets dummy ones); sends nothing over the network.

import { createReader } from './ssm-reader.js';
import { stubHandler } from './stub-handler.js';

export async function warmUp(): Promise<void> {
  const handler = stubHandler((request) => {
    if (request.operation === 'GetParametersByPath') {
      const first = !request.body.includes('NextToken');
      return { body: JSON.stringify({ Parameters: [{ Name: `/warm/${first ? 'a' : 'b'}`, Type: 'SecureString', Value: 'x', Version: 1, ARN: 'arn:aws:ssm:us-east-1:000000000000:parameter/warm/a', DataType: 'text', LastModifiedDate: 1.7e9 }], ...(first ? { NextToken: 't' } : {}) }) };
    }
    if (request.body.includes('denied')) return { status: 400, body: JSON.stringify({ __type: 'AccessDeniedException', message: 'denied' }) };
    return { body: JSON.stringify({ Parameters: [{ Name: '/warm/a', Type: 'String', Value: 'x', Version: 3, Selector: ':3' }], InvalidParameters: [] }) };
  });
  const endpoint = process.env.AWS_ENDPOINT_URL;
  for (const override of [endpoint, undefined]) {
    if (override === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = override;
    const reader = createReader({ env: process.env, insecureHttp: false, requestHandler: handler });
    const signal = new AbortController().signal;
    await reader.byPath('/warm', true, signal);
    await reader.byNames(['/warm/a:3'], signal);
    await reader.byNames(['denied'], signal).catch(() => undefined);
    reader.close();
  }
}
