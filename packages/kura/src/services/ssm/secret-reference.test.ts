// Parameter Store's references to Secrets Manager (/aws/reference/secretsmanager/…) through SSM's
// own authorization and handlers: the Parameter AWS answers, selectors, AWS's errors and their
// order, GetParameters' InvalidParameters, and the three permissions a read needs (ssm on the
// reference, secretsmanager:GetSecretValue on the secret, kms:Decrypt through Secrets Manager).

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { policyOf } from '../kms/testing/access.js';
import { authorizeRequest as authorizeSecrets } from '../secretsmanager/authorization.js';
import { secretsManagerOperations } from '../secretsmanager/index.js';
import { operationCaller } from '../testing/kit.js';
import type { Call } from '../testing/kit.js';
import { ACCOUNT, REGION, callerOverrides, createTestHarness, rejectsWith, type TestHarness } from './testing/context.js';

const PREFIX = '/aws/reference/secretsmanager/';
const V1 = '11111111-1111-4111-8111-111111111111';
const V2 = '22222222-2222-4222-8222-222222222222';
const ALICE = { arn: `arn:aws:iam::${ACCOUNT}:user/alice`, accountId: ACCOUNT, userId: 'AIDAEXAMPLEALICE0001', accessKeyId: 'AKIAEXAMPLEALICE0001' };
const REFERENCE_ARN = (id: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${PREFIX}${id}`;

let h: TestHarness;
let sm: Call;
let arn: string;
beforeEach(async () => {
  h = createTestHarness();
  sm = operationCaller(h.ctx, secretsManagerOperations, 'Secrets Manager', authorizeSecrets);
  arn = (await sm('CreateSecret', { Name: 'app/db', SecretString: 'first', ClientRequestToken: V1 }))['ARN'] as string;
  h.clock.now = new Date('2024-05-02T12:00:00.000Z');
  await sm('PutSecretValue', { SecretId: 'app/db', SecretString: 'second', ClientRequestToken: V2 });
});
afterEach(() => h.close());

const get = async (name: string, overrides = {}) => (await h.call('GetParameter', { Name: name, WithDecryption: true }, overrides))['Parameter'] as Record<string, unknown>;
const notFound = (reference: string) => `An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret ${reference} not found.`;

describe('GetParameter of a Secrets Manager reference', () => {
  it("answers the current value as a SecureString named as asked, with the secret's ARN and GetSecretValue's output as SourceResult", async () => {
    const parameter = await get(`${PREFIX}app/db`);
    assert.deepEqual(Object.keys(parameter), ['Name', 'Type', 'Value', 'Version', 'SourceResult', 'LastModifiedDate', 'ARN']);
    assert.deepEqual({ ...parameter, SourceResult: undefined }, {
      Name: `${PREFIX}app/db`, Type: 'SecureString', Value: 'second', Version: 0, SourceResult: undefined,
      LastModifiedDate: new Date('2024-05-02T12:00:00.000Z'), ARN: arn,
    });
    assert.equal(parameter['SourceResult'], JSON.stringify({
      ARN: arn, name: 'app/db', versionId: V2, secretString: 'second', versionStages: ['AWSCURRENT'], createdDate: '2024-05-02T12:00:00.000Z',
    }));
  });

  it('reads the version a staging label or a version id selects, and says so in Selector', async () => {
    const previous = await get(`${PREFIX}app/db:AWSPREVIOUS`);
    assert.deepEqual([previous['Name'], previous['Selector'], previous['Value']], [`${PREFIX}app/db`, ':AWSPREVIOUS', 'first']);
    assert.match(previous['SourceResult'] as string, /"versionStages":\["AWSPREVIOUS"\]/);
    assert.equal((await get(`${PREFIX}app/db:${V1}`))['Value'], 'first');
    assert.equal((await get(`${PREFIX}app/db:${V2}`))['Selector'], `:${V2}`);
    assert.equal((await get(`${PREFIX}app/db:AWSCURRENT`))['Value'], 'second');
  });

  it('reads a secret whose name has characters no parameter name may have', async () => {
    await sm('CreateSecret', { Name: 'team+x@example.com=1', SecretString: 'odd', ClientRequestToken: V1 });
    assert.deepEqual([(await get(`${PREFIX}team+x@example.com=1`))['Value'], (await get(`${PREFIX}team+x@example.com=1:AWSCURRENT`))['Value']], ['odd', 'odd']);
  });

  it("answers a missing secret, label or version with ParameterNotFound in AWS's words", async () => {
    await rejectsWith(get(`${PREFIX}missing`), 'ParameterNotFound', notFound('aws/reference/secretsmanager/missingnull'), { messageMember: 'message' });
    await rejectsWith(get(`${PREFIX}app/db:NOSUCHSTAGE`), 'ParameterNotFound', notFound('aws/reference/secretsmanager/app/db:NOSUCHSTAGE'));
    await rejectsWith(get(`${PREFIX}app/db:${V1.replace('1111-4', '1111-5')}`), 'ParameterNotFound');
    await rejectsWith(get(`${PREFIX}bad name`), 'ParameterNotFound', notFound('aws/reference/secretsmanager/bad namenull'));
  });

  it('refuses a reference without WithDecryption, and bad selector syntax before that, whether the secret exists or not', async () => {
    const needs = 'WithDecryption flag must be True for retrieving a Secret Manager secret.';
    for (const input of [{ Name: `${PREFIX}app/db` }, { Name: `${PREFIX}missing`, WithDecryption: false }]) {
      await rejectsWith(h.call('GetParameter', input), 'ValidationException', needs);
    }
    const syntax = 'Invalid parameter name. Please use correct syntax for referencing a version/label  <name>:<version/label>';
    for (const name of ['app/db:AWSCURRENT:extra', 'app/db:', `${arn}`, 'app/db:a+b']) {
      await rejectsWith(h.call('GetParameter', { Name: `${PREFIX}${name}` }), 'ValidationException', syntax);
    }
  });

  it('refuses a secret scheduled for deletion, and leaves a binary value out', async () => {
    await sm('DeleteSecret', { SecretId: 'app/db', RecoveryWindowInDays: 7 });
    await rejectsWith(get(`${PREFIX}app/db`), 'ValidationException', 'Invalid Request to Secrets Manager');
    await sm('CreateSecret', { Name: 'bin', SecretBinary: Buffer.from([0, 1, 2]), ClientRequestToken: V1 });
    const binary = await get(`${PREFIX}bin`);
    assert.deepEqual([binary['Type'], 'Value' in binary], ['SecureString', false]);
    assert.ok(!(binary['SourceResult'] as string).includes('secretString'));
  });
});

describe('GetParameters with Secrets Manager references', () => {
  it('answers references beside parameters, sorted, and lists every one it cannot answer as invalid', async () => {
    await h.call('PutParameter', { Name: '/plain', Value: 'plain', Type: 'String' });
    const names = [`${PREFIX}app/db`, `${PREFIX}app/db:AWSPREVIOUS`, `${PREFIX}missing`, `${PREFIX}app/db:NOSUCH`, `${PREFIX}app/db:a:b`, '/plain'];
    const out = await h.call('GetParameters', { Names: names, WithDecryption: true });
    assert.deepEqual((out['Parameters'] as Array<Record<string, unknown>>).map((p) => [p['Name'], p['Value']]), [
      [`${PREFIX}app/db`, 'second'], [`${PREFIX}app/db`, 'first'], ['/plain', 'plain'],
    ]);
    assert.deepEqual(out['InvalidParameters'], [`${PREFIX}missing`, `${PREFIX}app/db:NOSUCH`, `${PREFIX}app/db:a:b`]);
    const plain = await h.call('GetParameters', { Names: [`${PREFIX}app/db`, '/plain'] });
    assert.deepEqual([(plain['Parameters'] as unknown[]).length, plain['InvalidParameters']], [1, [`${PREFIX}app/db`]]);
  });
});

describe('who may read a secret through Parameter Store', () => {
  const smRead = (condition?: object) => ({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:app/*`, ...(condition ? { Condition: condition } : {}) });
  const ssmRead = { Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: REFERENCE_ARN('app/*') };

  it('needs ssm:GetParameter on the reference and secretsmanager:GetSecretValue on the secret, each on its own', async () => {
    // Named as any parameter that is not stored is named in a denial (authorization.ts).
    await rejectsWith(get(`${PREFIX}app/db`, callerOverrides(ALICE, [policyOf(smRead())])), 'AccessDeniedException', /perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:123456789012:\* /);
    await rejectsWith(get(`${PREFIX}app/db`, callerOverrides(ALICE, [policyOf(ssmRead)])), 'AccessDeniedException', new RegExp(`secretsmanager:GetSecretValue on resource: app/db`));
    const both = callerOverrides(ALICE, [policyOf(ssmRead, smRead())]);
    assert.equal((await get(`${PREFIX}app/db`, both))['Value'], 'second');
    const decrypt = both.access.checks.find((c) => c.check.action === 'kms:Decrypt');
    assert.equal(decrypt?.check.context?.['kms:ViaService'], `secretsmanager.${REGION}.amazonaws.com`);
  });

  it("honours the secret's condition keys (the version asked for) and the KMS key's permissions", async () => {
    const currentOnly = callerOverrides(ALICE, [policyOf(ssmRead, smRead({ StringEquals: { 'secretsmanager:VersionStage': 'AWSCURRENT' } }))]);
    await rejectsWith(get(`${PREFIX}app/db:AWSPREVIOUS`, currentOnly), 'AccessDeniedException');
    assert.equal((await get(`${PREFIX}app/db:AWSCURRENT`, currentOnly))['Value'], 'second');
    const key = await h.createKey();
    await sm('CreateSecret', { Name: 'app/keyed', SecretString: 'k', KmsKeyId: key.arn, ClientRequestToken: V1 });
    const noKey = callerOverrides(ALICE, [policyOf(ssmRead, smRead())]);
    await rejectsWith(get(`${PREFIX}app/keyed`, noKey), 'AccessDeniedException', 'Access to KMS is not allowed');
    const withKey = callerOverrides(ALICE, [policyOf(ssmRead, smRead(), { Effect: 'Allow', Action: 'kms:Decrypt', Resource: key.arn })]);
    assert.equal((await get(`${PREFIX}app/keyed`, withKey))['Value'], 'k');
  });

  it('lets a denied caller of GetParameters learn nothing: the whole call is refused', async () => {
    const ssmOnly = callerOverrides(ALICE, [policyOf(ssmRead)]);
    await rejectsWith(h.call('GetParameters', { Names: [`${PREFIX}app/db`], WithDecryption: true }, ssmOnly), 'AccessDeniedException');
  });
});
