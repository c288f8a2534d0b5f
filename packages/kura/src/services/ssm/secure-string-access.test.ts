// Reading a SecureString decrypted needs kms:Decrypt, writing one needs kms:Encrypt, each checked
// for the caller on the key, via SSM; and the condition keys SSM requests carry (ssm:Overwrite, tags).

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { policyOf } from '../kms/testing/access.js';
import { ACCOUNT, REGION, TASK_ROLE, callerOverrides, createTestHarness, rejectsWith, type TestHarness } from './testing/context.js';

const arnOf = (name: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name}`;
const READ = { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: arnOf('/app/*') };
const WRITE = { Effect: 'Allow', Action: 'ssm:PutParameter', Resource: arnOf('/app/*') };
const valueOf = (out: Record<string, unknown>) => (out['Parameter'] as { Value: string }).Value;

let h: TestHarness;
let key: { keyId: string; arn: string };
beforeEach(async () => {
  h = createTestHarness();
  key = await h.createKey();
  await h.call('PutParameter', { Name: '/app/pw', Value: 'canary-7', Type: 'SecureString', KeyId: key.keyId });
});
afterEach(() => h.close());

describe('SecureString reads need kms:Decrypt', () => {
  it('denies decryption without it, leaking no plaintext, and returns ciphertext without decryption', async () => {
    const as = callerOverrides(TASK_ROLE, [policyOf(READ)]);
    const error = await rejectsWith(h.call('GetParameter', { Name: '/app/pw', WithDecryption: true }, as), 'AccessDeniedException', /kms:Decrypt on resource/);
    assert.ok(!error.message.includes('canary-7'));
    const blob = Buffer.from(valueOf(await h.call('GetParameter', { Name: '/app/pw' }, as)), 'base64');
    assert.ok(!blob.includes(Buffer.from('canary-7')));
  });

  it('decrypts with it, and a condition on the parameter ARN context narrows it', async () => {
    const scoped = {
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: key.arn,
      Condition: { StringLike: { 'kms:EncryptionContext:PARAMETER_ARN': arnOf('/app/pw') }, StringEquals: { 'kms:ViaService': `ssm.${REGION}.amazonaws.com` } },
    };
    const as = callerOverrides(TASK_ROLE, [policyOf(READ, scoped)]);
    assert.equal(valueOf(await h.call('GetParameter', { Name: '/app/pw', WithDecryption: true }, as)), 'canary-7');
    await h.call('PutParameter', { Name: '/app/other', Value: 'x', Type: 'SecureString', KeyId: key.keyId });
    await rejectsWith(h.call('GetParameter', { Name: '/app/other', WithDecryption: true }, as), 'AccessDeniedException', /kms:Decrypt/);
  });

  it('applies to GetParameterHistory and GetParametersByPath too', async () => {
    const as = callerOverrides(TASK_ROLE, [
      policyOf({ Effect: 'Allow', Action: ['ssm:GetParameterHistory', 'ssm:GetParametersByPath'], Resource: [arnOf('/app'), arnOf('/app/*')] }),
    ]);
    await rejectsWith(h.call('GetParameterHistory', { Name: '/app/pw', WithDecryption: true }, as), 'AccessDeniedException', /kms:Decrypt/);
    await rejectsWith(h.call('GetParametersByPath', { Path: '/app', WithDecryption: true }, as), 'AccessDeniedException', /kms:Decrypt/);
    await h.call('GetParametersByPath', { Path: '/app' }, as);
  });

  it('honours an explicit Deny in the key policy, whatever IAM allows', async () => {
    const denying = await h.createKey(
      policyOf(
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
        { Effect: 'Deny', Principal: { AWS: TASK_ROLE.roleArn }, Action: 'kms:Decrypt', Resource: '*' },
      ),
    );
    await h.call('PutParameter', { Name: '/app/locked', Value: 'x', Type: 'SecureString', KeyId: denying.keyId });
    const as = callerOverrides(TASK_ROLE, [policyOf(READ, { Effect: 'Allow', Action: 'kms:*', Resource: '*' })]);
    await rejectsWith(
      h.call('GetParameter', { Name: '/app/locked', WithDecryption: true }, as),
      'AccessDeniedException',
      /kms:Decrypt on resource: .* with an explicit deny in a resource-based policy \(Service: AWSKMS;/,
    );
  });
});

describe('SecureString writes need kms:Encrypt', () => {
  it('denies the write without it, and creates nothing', async () => {
    const as = callerOverrides(TASK_ROLE, [policyOf(WRITE, READ)]);
    const error = await rejectsWith(
      h.call('PutParameter', { Name: '/app/new', Value: 'canary-8', Type: 'SecureString', KeyId: key.keyId }, as),
      'AccessDeniedException',
    );
    assert.ok(
      error.message.startsWith(
        `User: ${TASK_ROLE.arn} is not authorized to perform: kms:Encrypt on resource: ${key.arn} ` +
          'because no identity-based policy allows the kms:Encrypt action (Service: AWSKMS;',
      ),
      error.message,
    );
    assert.ok(!error.message.includes('canary-8'));
    await rejectsWith(h.call('GetParameter', { Name: '/app/new' }), 'ParameterNotFound');
  });

  it('writes with it, and with the default aws/ssm key needs no KMS permission at all', async () => {
    const as = callerOverrides(TASK_ROLE, [policyOf(WRITE, { Effect: 'Allow', Action: 'kms:Encrypt', Resource: key.arn })]);
    await h.call('PutParameter', { Name: '/app/new', Value: 'v', Type: 'SecureString', KeyId: key.keyId }, as);
    await h.call('PutParameter', { Name: '/app/default', Value: 'v', Type: 'SecureString' }, callerOverrides(TASK_ROLE, [policyOf(WRITE)]));
  });
});

describe('SSM condition keys', () => {
  it('ssm:Overwrite tells creating from overwriting', async () => {
    const createOnly = { ...WRITE, Condition: { StringEquals: { 'ssm:Overwrite': 'false' } } };
    const as = callerOverrides(TASK_ROLE, [policyOf(createOnly)]);
    await h.call('PutParameter', { Name: '/app/n', Value: '1', Type: 'String' }, as);
    const overwrite = h.call('PutParameter', { Name: '/app/n', Value: '2', Overwrite: true }, as);
    await rejectsWith(overwrite, 'AccessDeniedException', /ssm:PutParameter on resource: .*\/app\/n because/);
  });

  it('aws:RequestTag and aws:TagKeys describe the tags a request sets', async () => {
    const tagged = { ...WRITE, Condition: { StringEquals: { 'aws:RequestTag/team': 'blue' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } } };
    const as = callerOverrides(TASK_ROLE, [policyOf(tagged)]);
    await h.call('PutParameter', { Name: '/app/t', Value: '1', Type: 'String', Tags: [{ Key: 'team', Value: 'blue' }] }, as);
    await rejectsWith(h.call('PutParameter', { Name: '/app/u', Value: '1', Type: 'String', Tags: [{ Key: 'team', Value: 'red' }] }, as), 'AccessDeniedException');
    await rejectsWith(
      h.call('PutParameter', { Name: '/app/v', Value: '1', Type: 'String', Tags: [{ Key: 'team', Value: 'blue' }, { Key: 'x', Value: 'y' }] }, as),
      'AccessDeniedException',
    );
  });

  it('aws:ResourceTag is the parameter’s own tags', async () => {
    await h.call('PutParameter', { Name: '/app/blue', Value: '1', Type: 'String', Tags: [{ Key: 'team', Value: 'blue' }] });
    await h.call('PutParameter', { Name: '/app/red', Value: '1', Type: 'String', Tags: [{ Key: 'team', Value: 'red' }] });
    const as = callerOverrides(TASK_ROLE, [policyOf({ ...READ, Condition: { StringEquals: { 'aws:ResourceTag/team': 'blue' } } })]);
    await h.call('GetParameter', { Name: '/app/blue' }, as);
    await rejectsWith(h.call('GetParameter', { Name: '/app/red' }, as), 'AccessDeniedException', /parameter\/app\/red because/);
  });

  it('authorizes every name of DeleteParameters before deleting any', async () => {
    await h.call('PutParameter', { Name: '/app/d', Value: '1', Type: 'String' });
    await h.call('PutParameter', { Name: '/other/d', Value: '1', Type: 'String' });
    const as = callerOverrides(TASK_ROLE, [policyOf({ Effect: 'Allow', Action: 'ssm:DeleteParameters', Resource: arnOf('/app/*') })]);
    await rejectsWith(h.call('DeleteParameters', { Names: ['/app/d', '/other/d'] }, as), 'AccessDeniedException', /parameter\/other\/d because/);
    await h.call('GetParameter', { Name: '/app/d' });
  });
});
