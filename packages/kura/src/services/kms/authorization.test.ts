// KMS authorization: what is checked on `*`, on the key (under its key policy), on the
// alias; the condition keys KMS provides; AWS's denial texts.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Principal } from '../context.js';
import { authorizeRequest } from './authorization.js';
import { kmsOperations } from './index.js';
import { policyOf } from './testing/access.js';
import { ACCOUNT, REGION, aliasArnOf, callerOverrides, createTestHarness, keyArnOf, rejectsWith, utf8, type TestHarness } from './testing/context.js';

const ALICE: Principal = {
  arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
  accountId: ACCOUNT,
  userId: 'AIDAEXAMPLEALICE0001',
  accessKeyId: 'AKIAEXAMPLEALICE0001',
  kind: 'user',
};
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const asAlice = (...statements: object[]) => callerOverrides(ALICE, statements.length > 0 ? [policyOf(...statements)] : []);
const allow = (action: string | string[], resource: string | string[] = '*', extra: object = {}) => ({ Effect: 'Allow', Action: action, Resource: resource, ...extra });
const denied = (action: string, resource: string, why = 'because no identity-based policy allows the ' + action + ' action') =>
  `User: ${ALICE.arn} is not authorized to perform: ${action} on resource: ${resource} ${why}`;

let h: TestHarness;
let keyId: string;
beforeEach(async () => {
  h = createTestHarness();
  keyId = await h.createKey();
});
afterEach(() => h.close());

const encryptAs = (overrides: object, KeyId: string, EncryptionContext: Record<string, string> = {}) =>
  h.call('Encrypt', { KeyId, Plaintext: utf8('x'), EncryptionContext }, overrides);

describe('operations without a key', () => {
  it('need an identity policy allowing the action on *', async () => {
    await rejectsWith(h.call('CreateKey', {}, asAlice()), 'AccessDeniedException', denied('kms:CreateKey', '*'));
    for (const operation of ['ListKeys', 'ListAliases']) await rejectsWith(h.call(operation, {}, asAlice()), 'AccessDeniedException');
    await h.call('CreateKey', {}, asAlice(allow('kms:CreateKey')));
    await h.call('GenerateRandom', { NumberOfBytes: 8 }, asAlice(allow('kms:GenerateRandom')));
  });

  it('see the request: CreateKey tags and key spec', async () => {
    const onlyTagged = asAlice(allow('kms:CreateKey', '*', { Condition: { StringEquals: { 'aws:RequestTag/team': 'blue', 'kms:KeySpec': 'SYMMETRIC_DEFAULT' } } }));
    await h.call('CreateKey', { Tags: [{ TagKey: 'team', TagValue: 'blue' }] }, onlyTagged);
    await rejectsWith(h.call('CreateKey', {}, onlyTagged), 'AccessDeniedException');
  });
});

describe('key operations', () => {
  it('are authorized on the key ARN, also when the key is named by an alias', async () => {
    await h.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: keyId });
    const onKey = asAlice(allow('kms:Encrypt', keyArnOf(keyId)));
    await encryptAs(onKey, 'alias/app');
    await encryptAs(onKey, keyArnOf(keyId));
    // An alias in Resource names the alias, never the key behind it.
    const onAlias = asAlice(allow('kms:Encrypt', aliasArnOf('alias/app')));
    await rejectsWith(encryptAs(onAlias, 'alias/app'), 'AccessDeniedException', denied('kms:Encrypt', keyArnOf(keyId)));
  });

  it('need the key policy: naming the caller is enough, and without delegation IAM alone is not', async () => {
    const direct = await h.createKey({ Policy: policyOf({ Effect: 'Allow', Principal: { AWS: ALICE.arn }, Action: 'kms:Encrypt', Resource: '*' }) });
    const blob = (await encryptAs(asAlice(), direct))['CiphertextBlob'] as Buffer;
    await rejectsWith(
      h.call('Decrypt', { CiphertextBlob: blob }, asAlice(allow('kms:*'))),
      'AccessDeniedException',
      denied('kms:Decrypt', keyArnOf(direct), 'because no resource-based policy allows the kms:Decrypt action'),
    );
  });

  it('stop at an explicit Deny in the key policy', async () => {
    const guarded = await h.createKey({
      Policy: policyOf(
        { Effect: 'Allow', Principal: { AWS: ROOT }, Action: 'kms:*', Resource: '*' },
        { Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:ScheduleKeyDeletion', Resource: '*' },
      ),
    });
    await rejectsWith(
      h.call('ScheduleKeyDeletion', { KeyId: guarded }, asAlice(allow('kms:*'))),
      'AccessDeniedException',
      denied('kms:ScheduleKeyDeletion', keyArnOf(guarded), 'with an explicit deny in a resource-based policy'),
    );
  });

  it('provide kms:ScheduleKeyDeletionPendingWindowInDays', async () => {
    const atLeast20 = asAlice(allow('kms:ScheduleKeyDeletion', '*', { Condition: { NumericGreaterThanEquals: { 'kms:ScheduleKeyDeletionPendingWindowInDays': '20' } } }));
    await rejectsWith(h.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 7 }, atLeast20), 'AccessDeniedException');
    await h.call('ScheduleKeyDeletion', { KeyId: keyId, PendingWindowInDays: 20 }, atLeast20);
  });

  it('provide the encryption context and kms:RequestAlias', async () => {
    await h.call('CreateAlias', { AliasName: 'alias/app', TargetKeyId: keyId });
    const prodOnly = asAlice(allow(['kms:Encrypt', 'kms:Decrypt'], keyArnOf(keyId), { Condition: { StringEquals: { 'kms:EncryptionContext:stage': 'prod' } } }));
    const blob = (await encryptAs(prodOnly, keyId, { stage: 'prod' }))['CiphertextBlob'] as Buffer;
    await h.call('Decrypt', { CiphertextBlob: blob, EncryptionContext: { stage: 'prod' } }, prodOnly);
    await rejectsWith(encryptAs(prodOnly, keyId, { stage: 'dev' }), 'AccessDeniedException');
    const viaAlias = asAlice(allow('kms:Encrypt', '*', { Condition: { StringEquals: { 'kms:RequestAlias': 'alias/app' } } }));
    await encryptAs(viaAlias, 'alias/app');
    await encryptAs(viaAlias, aliasArnOf('alias/app'));
    await rejectsWith(encryptAs(viaAlias, keyId), 'AccessDeniedException');
  });

  it('answer a denied Decrypt before looking at its context, so a denial reveals nothing', async () => {
    const blob = (await h.call('Encrypt', { KeyId: keyId, Plaintext: utf8('x'), EncryptionContext: { a: 'b' } }))['CiphertextBlob'] as Buffer;
    await rejectsWith(h.call('Decrypt', { CiphertextBlob: blob, EncryptionContext: { a: 'wrong' } }, asAlice()), 'AccessDeniedException', denied('kms:Decrypt', keyArnOf(keyId)));
  });

  it('answer Decrypt of a blob whose key is gone with the text about the ciphertext’s resource', async () => {
    const blob = (await h.call('Encrypt', { KeyId: keyId, Plaintext: utf8('x') }))['CiphertextBlob'] as Buffer;
    await rejectsWith(
      h.call('Decrypt', { CiphertextBlob: blob }, { ...asAlice(allow('kms:*')), region: 'eu-west-1' }),
      'AccessDeniedException',
      /^User: arn:aws:iam::123456789012:user\/alice is not authorized to perform: kms:Decrypt on the resource associated with this ciphertext because/,
    );
  });

  it('ReEncrypt needs ReEncryptFrom on the source and ReEncryptTo on the destination', async () => {
    const target = await h.createKey();
    const blob = (await h.call('Encrypt', { KeyId: keyId, Plaintext: utf8('x') }))['CiphertextBlob'] as Buffer;
    const input = { CiphertextBlob: blob, DestinationKeyId: target };
    await rejectsWith(h.call('ReEncrypt', input, asAlice(allow('kms:ReEncryptTo'))), 'AccessDeniedException', denied('kms:ReEncryptFrom', keyArnOf(keyId)));
    await rejectsWith(h.call('ReEncrypt', input, asAlice(allow('kms:ReEncryptFrom'))), 'AccessDeniedException', denied('kms:ReEncryptTo', keyArnOf(target)));
    await h.call('ReEncrypt', input, asAlice(allow('kms:ReEncrypt*')));
    const sameKeyOnly = asAlice(allow('kms:ReEncrypt*', '*', { Condition: { Bool: { 'kms:ReEncryptOnSameKey': 'true' } } }));
    await rejectsWith(h.call('ReEncrypt', input, sameKeyOnly), 'AccessDeniedException');
    await h.call('ReEncrypt', { CiphertextBlob: blob, DestinationKeyId: keyId }, sameKeyOnly);
  });
});

describe('aliases', () => {
  it('CreateAlias needs the alias ARN (IAM) and the key (key policy)', async () => {
    const input = { AliasName: 'alias/new', TargetKeyId: keyId };
    const createAs = (resource: string | string[]) => h.call('CreateAlias', input, asAlice(allow('kms:CreateAlias', resource)));
    await rejectsWith(createAs(keyArnOf(keyId)), 'AccessDeniedException', denied('kms:CreateAlias', aliasArnOf('alias/new')));
    await rejectsWith(createAs(aliasArnOf('alias/new')), 'AccessDeniedException', denied('kms:CreateAlias', keyArnOf(keyId)));
    await h.call('CreateAlias', input, asAlice(allow('kms:CreateAlias', [aliasArnOf('alias/new'), keyArnOf(keyId)])));
  });

  it('UpdateAlias needs the alias, the key it leaves and the key it goes to', async () => {
    const next = await h.createKey();
    await h.call('CreateAlias', { AliasName: 'alias/moving', TargetKeyId: keyId });
    const input = { AliasName: 'alias/moving', TargetKeyId: next };
    const updateAs = (key: string) => h.call('UpdateAlias', input, asAlice(allow('kms:UpdateAlias', [aliasArnOf('alias/moving'), keyArnOf(key)])));
    await rejectsWith(updateAs(next), 'AccessDeniedException', denied('kms:UpdateAlias', keyArnOf(keyId)));
    await rejectsWith(updateAs(keyId), 'AccessDeniedException', denied('kms:UpdateAlias', keyArnOf(next)));
    await h.call('UpdateAlias', input, asAlice(allow('kms:UpdateAlias')));
  });

  it('cannot point at an AWS managed key: its policy refuses', async () => {
    const managed = ((await h.call('DescribeKey', { KeyId: 'alias/aws/ssm' }))['KeyMetadata'] as { Arn: string }).Arn;
    await rejectsWith(
      h.call('CreateAlias', { AliasName: 'alias/mine', TargetKeyId: managed }),
      'AccessDeniedException',
      `User: arn:aws:iam::${ACCOUNT}:user/admin is not authorized to perform: kms:CreateAlias on resource: ${managed} ` +
        'because no resource-based policy allows the kms:CreateAlias action',
    );
  });
});

describe('kms:ViaService', () => {
  it('lets a policy allow a key only through SSM', async () => {
    const viaSsm = asAlice(allow('kms:Decrypt', '*', { Condition: { StringEquals: { 'kms:ViaService': `ssm.${REGION}.amazonaws.com` } } }));
    const context = { PARAMETER_ARN: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/p` };
    const { blob } = await h.kms.encrypt({ accountId: ACCOUNT, region: REGION }, keyId, utf8('pw'), context);
    await rejectsWith(h.call('Decrypt', { CiphertextBlob: blob, EncryptionContext: context }, viaSsm), 'AccessDeniedException');
    const caller = { access: viaSsm.access, principalArn: ALICE.arn, accountId: ACCOUNT, viaService: `ssm.${REGION}.amazonaws.com` };
    assert.equal((await h.kms.decrypt({ accountId: ACCOUNT, region: REGION }, blob, context, caller)).plaintext.toString(), 'pw');
  });
});

describe('authorizeRequest', () => {
  it('has a rule for every operation, and refuses an operation without one', async () => {
    for (const operation of Object.keys(kmsOperations)) await authorizeRequest(operation, { AliasName: 'alias/x' }, h.ctx);
    await assert.rejects(authorizeRequest('Sign', {}, h.ctx), /no authorization rule for KMS operation Sign/);
  });
});
