// The reference design's task role: DescribeParameters on *, GetParameters
// under /goecssample/*, kms:Decrypt on one customer key. What it can read, what it cannot, and the
// exact denials AWS would answer.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { policyOf } from '../kms/testing/access.js';
import { authorizeRequest } from './authorization.js';
import { ssmOperations } from './index.js';
import { ACCOUNT, REGION, TASK_ROLE, callerOverrides, createTestHarness, rejectsWith, type TestHarness } from './testing/context.js';

const arnOf = (name: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name}`;
const suffix = /\(Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: [^;]+; Proxy: null\)$/;

let h: TestHarness;
let appKey: { keyId: string; arn: string };
let otherKey: { keyId: string; arn: string };
let asTask: ReturnType<typeof callerOverrides>;

beforeEach(async () => {
  h = createTestHarness();
  appKey = await h.createKey();
  otherKey = await h.createKey();
  asTask = callerOverrides(TASK_ROLE, [
    policyOf(
      { Effect: 'Allow', Action: 'ssm:DescribeParameters', Resource: '*' },
      { Effect: 'Allow', Action: 'ssm:GetParameters', Resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/goecssample/*` },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: appKey.arn },
    ),
  ]);
  const put = (Name: string, Value: string, extra: Record<string, unknown> = {}) => h.call('PutParameter', { Name, Value, Type: 'String', ...extra });
  await put('/goecssample/db/host', 'db.internal');
  await put('/goecssample/db/user', 'app');
  await put('/goecssample/db/password', 'pw-1', { Type: 'SecureString', KeyId: appKey.keyId });
  await put('/goecssample/api/token', 'tok-2', { Type: 'SecureString', KeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${appKey.keyId}` });
  await put('/goecssample/flags', 'a,b', { Type: 'StringList' });
  await put('/goecssample/legacy', 'old-3', { Type: 'SecureString', KeyId: otherKey.keyId });
  await put('/goecssample/managed', 'm-4', { Type: 'SecureString' });
  await put('/other/secret', 'nope', { Type: 'SecureString', KeyId: appKey.keyId });
});
afterEach(() => h.close());

const FIVE = ['/goecssample/db/host', '/goecssample/db/user', '/goecssample/db/password', '/goecssample/api/token', '/goecssample/flags'];
const valuesOf = (out: Record<string, unknown>) =>
  Object.fromEntries((out['Parameters'] as Array<{ Name: string; Value: string }>).map((p) => [p.Name, p.Value]));

describe('the reference design task role', () => {
  it('reads and decrypts its five parameters in one GetParameters', async () => {
    const out = await h.call('GetParameters', { Names: FIVE, WithDecryption: true }, asTask);
    assert.deepEqual(valuesOf(out), {
      '/goecssample/api/token': 'tok-2',
      '/goecssample/db/host': 'db.internal',
      '/goecssample/db/password': 'pw-1',
      '/goecssample/db/user': 'app',
      '/goecssample/flags': 'a,b',
    });
    assert.deepEqual(out['InvalidParameters'], []);
  });

  it('asks KMS as itself, via SSM, bound to the parameter ARN', async () => {
    await h.call('GetParameters', { Names: ['/goecssample/db/password'], WithDecryption: true }, asTask);
    const decrypt = asTask.access.checks.find((c) => c.check.action === 'kms:Decrypt');
    assert.equal(decrypt?.decision, 'Allow');
    assert.equal(decrypt?.check.resource, appKey.arn);
    assert.equal(decrypt?.check.resourcePolicy?.kind, 'kms-key');
    assert.deepEqual(
      [decrypt?.check.context?.['kms:ViaService'], decrypt?.check.context?.['kms:CallerAccount'], decrypt?.check.context?.['kms:EncryptionContext:PARAMETER_ARN']],
      [`ssm.${REGION}.amazonaws.com`, ACCOUNT, arnOf('/goecssample/db/password')],
    );
    assert.deepEqual(decrypt?.check.context?.['kms:EncryptionContextKeys'], ['PARAMETER_ARN']);
  });

  it('decrypts under the AWS managed aws/ssm key with no KMS permission of its own', async () => {
    const out = await h.call('GetParameters', { Names: ['/goecssample/managed'], WithDecryption: true }, asTask);
    assert.deepEqual(valuesOf(out), { '/goecssample/managed': 'm-4' });
  });

  it('is denied a parameter outside its path, with AWS message naming the ARN', async () => {
    await rejectsWith(
      h.call('GetParameters', { Names: ['/other/secret'] }, asTask),
      'AccessDeniedException',
      `User: ${TASK_ROLE.arn} is not authorized to perform: ssm:GetParameters on resource: ${arnOf('/other/secret')} ` +
        'because no identity-based policy allows the ssm:GetParameters action',
    );
  });

  it('fails the whole GetParameters on the first denied name, and prints a missing one as …:*', async () => {
    const error = await rejectsWith(h.call('GetParameters', { Names: ['/goecssample/flags', '/nowhere/x', '/other/secret'] }, asTask), 'AccessDeniedException');
    assert.match(error.message, new RegExp(`on resource: arn:aws:ssm:${REGION}:${ACCOUNT}:\\* because`));
    assert.equal(error.messageMember, 'Message');
  });

  it('is denied GetParameter: each read API is authorized against its own action', async () => {
    await rejectsWith(h.call('GetParameter', { Name: '/goecssample/db/host' }, asTask), 'AccessDeniedException', /ssm:GetParameter on resource/);
    await rejectsWith(h.call('GetParametersByPath', { Path: '/goecssample/' }, asTask), 'AccessDeniedException', /parameter\/goecssample\/ because/);
  });

  it('cannot decrypt a SecureString under another key, and sees only ciphertext without decryption', async () => {
    const error = await rejectsWith(h.call('GetParameters', { Names: ['/goecssample/legacy'], WithDecryption: true }, asTask), 'AccessDeniedException');
    assert.ok(
      error.message.startsWith(
        `User: ${TASK_ROLE.arn} is not authorized to perform: kms:Decrypt on resource: ${otherKey.arn} because no identity-based policy allows the kms:Decrypt action `,
      ),
      error.message,
    );
    assert.match(error.message, suffix);
    assert.ok(!error.message.includes('old-3'));
    const plain = valuesOf(await h.call('GetParameters', { Names: ['/goecssample/legacy'] }, asTask));
    assert.notEqual(plain['/goecssample/legacy'], 'old-3');
    assert.ok(!Buffer.from(plain['/goecssample/legacy'] ?? '', 'base64').includes(Buffer.from('old-3')));
  });

  it('describes parameters (no resource-level permission), and cannot write', async () => {
    const described = await h.call('DescribeParameters', { MaxResults: 50 }, asTask);
    assert.equal((described['Parameters'] as unknown[]).length, 8);
    await rejectsWith(h.call('PutParameter', { Name: '/goecssample/db/host', Value: 'x', Overwrite: true }, asTask), 'AccessDeniedException');
  });
});

describe('authorizeRequest', () => {
  it('has a rule for every operation, and refuses an operation without one', async () => {
    for (const operation of Object.keys(ssmOperations)) await authorizeRequest(operation, {}, h.ctx);
    await assert.rejects(authorizeRequest('GetInventory', {}, h.ctx), /no authorization rule for SSM operation GetInventory/);
  });

  it('authorizes before validating: a denied caller learns nothing about a malformed name', async () => {
    await rejectsWith(
      h.call('PutParameter', { Name: '//bad name', Value: 'x', Type: 'String' }, asTask),
      'AccessDeniedException',
      new RegExp(`ssm:PutParameter on resource: arn:aws:ssm:${REGION}:${ACCOUNT}:\\* because`),
    );
    await rejectsWith(h.call('PutParameter', { Name: '//bad name', Value: 'x', Type: 'String' }), 'ValidationException');
  });

  it('strips a selector and accepts ARNs when naming the resource', async () => {
    const as = callerOverrides(TASK_ROLE, [policyOf({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: arnOf('/goecssample/db/host') })]);
    await h.call('GetParameter', { Name: '/goecssample/db/host:1' }, as);
    await h.call('GetParameter', { Name: `${arnOf('/goecssample/db/host')}:1` }, as);
    await rejectsWith(h.call('GetParameter', { Name: '/goecssample/db/user:1' }, as), 'AccessDeniedException', /parameter\/goecssample\/db\/user because/);
  });
});
