// KuraListParameterPaths, Kura's own SSM operation for the console's tree, against the built server
// on the store KURA_E2E_STORE chooses. No SDK knows the operation, so each call is a request signed
// by hand (SigV4 for `ssm`, as the console signs it): the child paths of a path, paged; the
// ValidationException texts for a bad Path and MaxResults; the AccessDenied of a caller without
// ssm:DescribeParameters; and the audit event every call leaves, marked read-only.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { kuraAudit } from './audit-log.js';
import { startKura, type RunningKura } from './harness.js';
import { rawRequest } from './raw-request.js';

const TARGET = 'AmazonSSM.KuraListParameterPaths';
const NAMES = ['/a', '/a/b/c', '/a-x/y', '/a.b/c', '/app/dev/db/host', '/app/prod/db/host', 'plain', '/B/x'];

describe('KuraListParameterPaths over the wire', () => {
  let kura: RunningKura;
  let reader: { accessKeyId: string; secretAccessKey: string };
  before(async () => {
    kura = await startKura();
    const ssm = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    for (const Name of NAMES) await ssm.send(new PutParameterCommand({ Name, Value: 'v', Type: 'String' }));
    ssm.destroy();
    // A caller who may read every parameter by path, but not ssm:DescribeParameters.
    const iam = new IAMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    await iam.send(new CreateUserCommand({ UserName: 'reader' }));
    const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: '*' }] };
    await iam.send(new PutUserPolicyCommand({ UserName: 'reader', PolicyName: 'by-path', PolicyDocument: JSON.stringify(policy) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey;
    iam.destroy();
    reader = { accessKeyId: key?.AccessKeyId as string, secretAccessKey: key?.SecretAccessKey as string };
  });
  after(async () => {
    await kura.stop();
  });

  const call = (input: Record<string, unknown>, credentials = kura.credentials) =>
    rawRequest({ url: kura.url, credentials, region: kura.region, service: 'ssm', target: TARGET, body: JSON.stringify(input) });

  it('lists the child paths of the root and of a path, paged by NextToken', async () => {
    const root = await call({ Path: '/' });
    assert.equal(root.status, 200);
    assert.deepEqual(root.json, { Paths: ['/B', '/a', '/a-x', '/a.b', '/app'].map((Path) => ({ Path })) });
    assert.deepEqual((await call({ Path: '/app/' })).json, { Paths: [{ Path: '/app/dev' }, { Path: '/app/prod' }] });

    const seen: unknown[] = [];
    let token: unknown;
    let pages = 0;
    do {
      const page = await call({ Path: '/', MaxResults: 2, ...(token === undefined ? {} : { NextToken: token }) });
      assert.equal(page.status, 200);
      seen.push(...(page.json['Paths'] as unknown[]));
      token = page.json['NextToken'];
      pages += 1;
    } while (token !== undefined);
    assert.equal(pages, 3);
    assert.deepEqual(seen, root.json['Paths']);
  });

  it('answers a bad Path and a bad MaxResults with the exact ValidationException', async () => {
    const badPath = await call({ Path: 'app/dev' });
    assert.equal(badPath.status, 400);
    assert.deepEqual(badPath.json, {
      __type: 'ValidationException',
      Message:
        'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths ' +
        'divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_',
    });
    const badMax = await call({ Path: '/', MaxResults: 501 });
    assert.equal(badMax.status, 400);
    assert.deepEqual(badMax.json, {
      __type: 'ValidationException',
      Message: "1 validation error detected: Value '501' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 500.",
    });
  });

  it('refuses a caller without ssm:DescribeParameters, and audits every call as a read', async () => {
    const denied = await call({ Path: '/app' }, reader);
    assert.equal(denied.status, 400);
    assert.equal(denied.json['__type'], 'AccessDeniedException');
    assert.match(String(denied.json['Message']), /^User: arn:aws:iam::\d{12}:user\/reader is not authorized to perform: ssm:DescribeParameters /);

    const { events } = await kuraAudit(kura);
    const ours = events.filter((e) => e.eventName === 'KuraListParameterPaths');
    assert.ok(ours.length >= 6, `${ours.length} audit events`);
    assert.ok(ours.every((e) => e.eventSource === 'ssm.amazonaws.com' && e.readOnly === true));
    const refusal = ours.find((e) => e.errorCode === 'AccessDeniedException');
    assert.deepEqual(refusal?.requestParameters, { path: '/app' });
    assert.equal(refusal?.userIdentity.userName, 'reader');
  });
});
