// Who may do what: identity policies and the secret's resource policy together, the ARN a missing
// secret is authorized as, the condition keys, the KMS key's own say through its key policy, and
// the denial texts (naming the SecretId as the request gave it, as AWS does).

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ACCOUNT, ALICE, REGION, callerOverrides, createHarness, policyOf, rejectsWith, token, type Harness } from './testing/context.js';

let h: Harness;
let dbArn: string;
beforeEach(async () => {
  h = createHarness();
  dbArn = await h.create('app/db', 'pw', { Tags: [{ Key: 'team', Value: 'a' }] });
  await h.create('app/other', 'x');
});
afterEach(() => h.close());

const SECRETS = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:`;
const asAlice = (...statements: object[]) => callerOverrides(ALICE, statements.length > 0 ? [policyOf(...statements)] : []);
const allow = (action: string, resource: string, extra: object = {}) => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });

describe('identity policies', () => {
  it('let a caller read only the secrets they name, and word the denial as AWS does', async () => {
    const alice = asAlice(allow('secretsmanager:GetSecretValue', `${SECRETS}app/db-??????`));
    assert.equal((await h.call('GetSecretValue', { SecretId: 'app/db' }, alice))['SecretString'], 'pw');
    assert.equal((await h.call('GetSecretValue', { SecretId: dbArn }, alice))['SecretString'], 'pw');
    await rejectsWith(
      h.call('GetSecretValue', { SecretId: 'app/other' }, alice),
      'AccessDeniedException',
      `User: ${ALICE.arn} is not authorized to perform: secretsmanager:GetSecretValue on resource: app/other because no identity-based policy allows the secretsmanager:GetSecretValue action`,
      { status: 400, messageMember: 'Message' },
    );
  });

  it('authorize a missing secret as its partial ARN: a name pattern reaches it, a suffix pattern does not', async () => {
    await rejectsWith(h.call('GetSecretValue', { SecretId: 'app/missing' }, asAlice(allow('secretsmanager:GetSecretValue', `${SECRETS}app/*`))), 'ResourceNotFoundException');
    await rejectsWith(h.call('GetSecretValue', { SecretId: 'app/missing' }, asAlice(allow('secretsmanager:GetSecretValue', `${SECRETS}app/missing-??????`))), 'AccessDeniedException');
  });

  it('provide the secret, stage, version and tag condition keys', async () => {
    const byStage = asAlice(allow('secretsmanager:GetSecretValue', '*', { Condition: { StringEquals: { 'secretsmanager:VersionStage': 'AWSCURRENT' } } }));
    await rejectsWith(h.call('GetSecretValue', { SecretId: 'app/db' }, byStage), 'AccessDeniedException');
    assert.equal((await h.call('GetSecretValue', { SecretId: 'app/db', VersionStage: 'AWSCURRENT' }, byStage))['SecretString'], 'pw');
    for (const key of ['aws:ResourceTag/team', 'secretsmanager:ResourceTag/team']) {
      const byTag = asAlice(allow('secretsmanager:GetSecretValue', '*', { Condition: { StringEquals: { [key]: 'a' } } }));
      assert.equal((await h.call('GetSecretValue', { SecretId: 'app/db' }, byTag))['SecretString'], 'pw');
      await rejectsWith(h.call('GetSecretValue', { SecretId: 'app/other' }, byTag), 'AccessDeniedException');
    }
    const bySecretId = asAlice(allow('secretsmanager:DescribeSecret', '*', { Condition: { StringEquals: { 'secretsmanager:SecretId': dbArn } } }));
    await h.call('DescribeSecret', { SecretId: 'app/db' }, bySecretId);
    await rejectsWith(h.call('DescribeSecret', { SecretId: 'app/other' }, bySecretId), 'AccessDeniedException');
  });

  it('provide Name, Description and request tags to CreateSecret', async () => {
    const policy = asAlice(
      allow('secretsmanager:CreateSecret', `${SECRETS}team-a/*`, { Condition: { StringEquals: { 'aws:RequestTag/team': 'a' }, StringLike: { 'secretsmanager:Name': 'team-a/*' } } }),
    );
    await h.call('CreateSecret', { Name: 'team-a/x', Tags: [{ Key: 'team', Value: 'a' }] }, policy);
    await rejectsWith(h.call('CreateSecret', { Name: 'team-a/y' }, policy), 'AccessDeniedException', /on resource: team-a\/y because/);
    await rejectsWith(h.call('CreateSecret', { Name: 'team-b/y', Tags: [{ Key: 'team', Value: 'a' }] }, policy), 'AccessDeniedException');
  });

  it('authorize ListSecrets and GetRandomPassword on *', async () => {
    await rejectsWith(h.call('ListSecrets', {}, asAlice()), 'AccessDeniedException');
    assert.ok(Array.isArray((await h.call('ListSecrets', {}, asAlice(allow('secretsmanager:ListSecrets', '*'))))['SecretList']));
    await h.call('GetRandomPassword', {}, asAlice(allow('secretsmanager:GetRandomPassword', '*')));
  });
});

describe('the secret resource policy', () => {
  const putPolicy = (...statements: object[]) => h.call('PutResourcePolicy', { SecretId: 'app/db', ResourcePolicy: policyOf(...statements) });

  it('grants a caller the identity policies do not', async () => {
    await rejectsWith(h.call('GetSecretValue', { SecretId: 'app/db' }, asAlice()), 'AccessDeniedException');
    await putPolicy({ Effect: 'Allow', Principal: { AWS: ALICE.arn }, Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    assert.equal((await h.call('GetSecretValue', { SecretId: 'app/db' }, asAlice()))['SecretString'], 'pw');
    await rejectsWith(h.call('GetSecretValue', { SecretId: 'app/other' }, asAlice()), 'AccessDeniedException');
  });

  it('denies over an identity Allow, and says it was the resource-based policy', async () => {
    await putPolicy({ Effect: 'Deny', Principal: { AWS: ALICE.arn }, Action: 'secretsmanager:*', Resource: '*' });
    const alice = asAlice(allow('secretsmanager:*', '*'));
    await rejectsWith(
      h.call('GetSecretValue', { SecretId: 'app/db' }, alice),
      'AccessDeniedException',
      `User: ${ALICE.arn} is not authorized to perform: secretsmanager:GetSecretValue on resource: app/db with an explicit deny in a resource-based policy`,
    );
    assert.equal((await h.call('GetSecretValue', { SecretId: 'app/other' }, alice))['SecretString'], 'x');
    // The admin is not named: the Deny does not reach it.
    assert.equal(await h.value('app/db'), 'pw');
  });

  it('refuses a public policy only with BlockPublicPolicy, and a malformed one always', async () => {
    const open = policyOf({ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    await rejectsWith(h.call('PutResourcePolicy', { SecretId: 'app/db', ResourcePolicy: open, BlockPublicPolicy: true }), 'PublicPolicyException');
    await h.call('PutResourcePolicy', { SecretId: 'app/db', ResourcePolicy: open });
    const confined = policyOf({ Effect: 'Allow', Principal: '*', Action: 'secretsmanager:GetSecretValue', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalAccount': ACCOUNT } } });
    await h.call('PutResourcePolicy', { SecretId: 'app/db', ResourcePolicy: confined, BlockPublicPolicy: true });
    assert.equal((await h.call('GetResourcePolicy', { SecretId: 'app/db' }))['ResourcePolicy'], confined);
    await rejectsWith(h.call('PutResourcePolicy', { SecretId: 'app/db', ResourcePolicy: '{"Statement": 1}' }), 'MalformedPolicyDocumentException');
    assert.deepEqual(await h.call('ValidateResourcePolicy', { ResourcePolicy: confined }), { PolicyValidationPassed: true, ValidationErrors: [] });
    assert.equal((await h.call('ValidateResourcePolicy', { SecretId: 'app/db', ResourcePolicy: open }))['PolicyValidationPassed'], false);
    await h.call('DeleteResourcePolicy', { SecretId: 'app/db' });
    assert.equal((await h.call('GetResourcePolicy', { SecretId: 'app/db' }))['ResourcePolicy'], undefined);
  });
});

describe('the KMS key', () => {
  it('needs no KMS permission for the AWS managed key, which serves only through Secrets Manager', async () => {
    const alice = asAlice(allow('secretsmanager:*', '*'));
    await h.call('CreateSecret', { Name: 'mine', SecretString: 's', ClientRequestToken: token(1) }, alice);
    assert.equal((await h.call('GetSecretValue', { SecretId: 'mine' }, alice))['SecretString'], 's');
  });

  it('needs kms:GenerateDataKey to write and kms:Decrypt to read under a customer key, with kms:ViaService', async () => {
    const key = await h.createKey();
    const smOnly = asAlice(allow('secretsmanager:*', '*'));
    await rejectsWith(h.call('CreateSecret', { Name: 'ck', KmsKeyId: key.arn, SecretString: 's', ClientRequestToken: token(1) }, smOnly), 'AccessDeniedException', 'Access to KMS is not allowed');
    const viaLike = { StringEquals: { 'kms:ViaService': `secretsmanager.${REGION}.amazonaws.com` }, StringLike: { 'kms:EncryptionContext:SecretARN': `${SECRETS}ck-*` } };
    const writer = asAlice(allow('secretsmanager:*', '*'), allow('kms:GenerateDataKey', key.arn, { Condition: viaLike }));
    await h.call('CreateSecret', { Name: 'ck', KmsKeyId: key.arn, SecretString: 's', ClientRequestToken: token(1) }, writer);
    await rejectsWith(h.call('GetSecretValue', { SecretId: 'ck' }, writer), 'AccessDeniedException', 'Access to KMS is not allowed');
    const reader = asAlice(allow('secretsmanager:GetSecretValue', '*'), allow('kms:Decrypt', key.arn, { Condition: viaLike }));
    assert.equal((await h.call('GetSecretValue', { SecretId: 'ck' }, reader))['SecretString'], 's');
    const versions = (await h.call('ListSecretVersionIds', { SecretId: 'ck' }))['Versions'] as Array<{ KmsKeyIds: string[] }>;
    assert.deepEqual(versions[0]?.KmsKeyIds, [key.arn]);
    const managed = (await h.call('ListSecretVersionIds', { SecretId: 'app/db' }))['Versions'] as Array<{ KmsKeyIds: string[] }>;
    assert.deepEqual(managed[0]?.KmsKeyIds, ['DefaultEncryptionKey']);
  });
});

describe('BatchGetSecretValue', () => {
  it('authorizes each secret as GetSecretValue and reports the refused ones in Errors', async () => {
    const alice = asAlice(allow('secretsmanager:BatchGetSecretValue', '*'), allow('secretsmanager:GetSecretValue', `${SECRETS}app/db-*`));
    const out = await h.call('BatchGetSecretValue', { SecretIdList: ['app/db', 'app/other', 'app/none'] }, alice);
    assert.deepEqual((out['SecretValues'] as Array<Record<string, unknown>>).map((v) => v['SecretString']), ['pw']);
    assert.deepEqual((out['Errors'] as Array<Record<string, unknown>>).map((e) => [e['SecretId'], e['ErrorCode']]), [
      ['app/other', 'AccessDeniedException'],
      ['app/none', 'AccessDeniedException'],
    ]);
    await rejectsWith(h.call('BatchGetSecretValue', { SecretIdList: ['app/db'] }, asAlice(allow('secretsmanager:GetSecretValue', '*'))), 'AccessDeniedException');
  });

  it('by filters needs ListSecrets too, and pages', async () => {
    await rejectsWith(h.call('BatchGetSecretValue', { Filters: [{ Key: 'name', Values: ['app/'] }] }, asAlice(allow('secretsmanager:BatchGetSecretValue', '*'))), 'AccessDeniedException');
    const first = await h.call('BatchGetSecretValue', { Filters: [{ Key: 'name', Values: ['app/'] }], MaxResults: 1 });
    assert.equal((first['SecretValues'] as unknown[]).length, 1);
    const second = await h.call('BatchGetSecretValue', { Filters: [{ Key: 'name', Values: ['app/'] }], MaxResults: 1, NextToken: first['NextToken'] });
    assert.equal((second['SecretValues'] as unknown[]).length, 1);
    assert.equal(second['NextToken'], undefined);
    await rejectsWith(h.call('BatchGetSecretValue', { SecretIdList: ['app/db'], Filters: [{ Key: 'name', Values: ['app/'] }] }), 'InvalidParameterException');
  });
});
