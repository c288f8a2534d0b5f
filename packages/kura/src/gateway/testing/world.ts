// Test support for the tests that call every operation of every service in process: a store
// holding one of each thing the service's operations can name (a parameter; a KMS key with an
// alias, tags and a ciphertext; an IAM user with an access key, a group, a role, a managed policy
// with two versions, inline and attached policies, tags; a secret with two versions and tags, one
// scheduled for deletion, and one with rotation configured, its function a fake whose rotations
// never run unless drained), and the plausible value of each input member, so that a request
// built from them gets as far into its operation as a valid one would.
// One world per service: building only what the service needs keeps a fresh world cheap.

import type { OperationContext } from '../../services/context.js';
import { ensureAdminUser } from '../../identity/bootstrap-admin.js';
import { allowAll } from '../../services/iam/testing/access.js';
import { createKmsDomain } from '../../services/kms/domain.js';
import { runOperation } from '../../services/run-operation.js';
import { ACCOUNT, createTestBase } from '../../services/testing/kit.js';
import type { Store } from '../../store/store.js';
import { createFakeRotation, type FakeRotation } from '../../services/secretsmanager/testing/fake-rotation.js';
import { builtInServices } from '../services.js';
import type { ServiceEntry } from '../types.js';

export const ADMIN = {
  arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
  accountId: ACCOUNT,
  userId: 'AIDAEXAMPLEADMIN00001',
  accessKeyId: 'AKIAEXAMPLEADMIN0001',
  kind: 'user' as const,
};

const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const ALLOW_ALL = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' },
    { Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' },
  ],
});
const POLICY_ARN = `arn:aws:iam::${ACCOUNT}:policy/pol`;

export interface World {
  ctx: OperationContext;
  store: Store;
  /** The plausible value of each input member of the service's operations, by member name. */
  values: Record<string, unknown>;
  /** Per operation: values that differ for it. A function gets a number unique in this world (names that must be new). */
  overrides: Record<string, Record<string, unknown | ((unique: number) => unknown)>>;
  close(): Promise<void>;
}

export function entryOf(signingName: string): ServiceEntry {
  const entry = builtInServices.find((e) => e.signingName === signingName);
  if (!entry) throw new Error(`no service ${signingName}`);
  return entry;
}

type Call = (service: string, operation: string, input: Record<string, unknown>) => Promise<Record<string, unknown>>;
type Fixture = Pick<World, 'values' | 'overrides'>;

export async function createWorld(service: string): Promise<World> {
  const { store, ctx, now } = createTestBase({
    principal: ADMIN,
    access: allowAll(),
    kms: ({ store: s, keyring, now: clock }) => createKmsDomain({ keys: s.keys, keyring, now: clock }),
  });
  await ensureAdminUser(store, { accountId: ACCOUNT, userId: ADMIN.userId, now: now() });
  const call: Call = (name, operation, input) => runOperation(entryOf(name), operation, input, ctx);
  // A rotation function the world's secrets can name; rotations it starts wait, and never run unless drained.
  const rotation = createFakeRotation([ROTATION_FUNCTION], async () => ({ ok: true }));
  ctx.rotation = rotation;
  ctx.auditLookup = { newest: async () => ({ events: [] }) };
  const fixture = await FIXTURES[service]?.(call, rotation);
  if (!fixture) throw new Error(`no test world for ${service}`);
  return { ctx, store, ...fixture, close: () => store.close() };
}

async function ssmFixture(call: Call): Promise<Fixture> {
  await call('ssm', 'PutParameter', { Name: '/kura/p', Value: 'v', Type: 'String' });
  await call('ssm', 'PutParameter', { Name: '/kura/s', Value: 'secret', Type: 'SecureString' });
  await call('ssm', 'LabelParameterVersion', { Name: '/kura/p', Labels: ['l1'] });
  await call('ssm', 'AddTagsToResource', { ResourceType: 'Parameter', ResourceId: '/kura/p', Tags: [{ Key: 'k', Value: 'v' }] });
  return {
    values: {
      Name: '/kura/p',
      Names: ['/kura/p', '/kura/s'],
      Path: '/kura',
      Value: 'v',
      Type: 'String',
      ParameterVersion: 1,
      Labels: ['l1'],
      ResourceType: 'Parameter',
      ResourceId: '/kura/p',
      Tags: [{ Key: 'k', Value: 'v' }],
      TagKeys: ['k'],
      WithDecryption: true,
    },
    // Overwrite replaces the parameter the world has; tags go only with a new one.
    overrides: { PutParameter: { Overwrite: true, Tags: undefined } },
  };
}

async function kmsFixture(call: Call): Promise<Fixture> {
  const keyId = ((await call('kms', 'CreateKey', {}))['KeyMetadata'] as { KeyId: string }).KeyId;
  await call('kms', 'CreateAlias', { AliasName: 'alias/kura', TargetKeyId: keyId });
  await call('kms', 'TagResource', { KeyId: keyId, Tags: [{ TagKey: 'k', TagValue: 'v' }] });
  const blob = (await call('kms', 'Encrypt', { KeyId: keyId, Plaintext: Buffer.from('secret') }))['CiphertextBlob'];
  const keyPolicy = (await call('kms', 'GetKeyPolicy', { KeyId: keyId }))['Policy'];
  const pendingId = ((await call('kms', 'CreateKey', {}))['KeyMetadata'] as { KeyId: string }).KeyId;
  await call('kms', 'ScheduleKeyDeletion', { KeyId: pendingId });
  return {
    values: {
      KeyId: keyId,
      TargetKeyId: keyId,
      DestinationKeyId: keyId,
      AliasName: 'alias/kura',
      Description: 'd',
      Plaintext: Buffer.from('secret'),
      CiphertextBlob: blob,
      KeySpec: 'AES_256',
      PendingWindowInDays: 7,
      RotationPeriodInDays: 90,
      Tags: [{ TagKey: 'k', TagValue: 'v' }],
      TagKeys: ['k'],
      PolicyName: 'default',
      Policy: keyPolicy,
    },
    overrides: {
      // CreateKey's KeySpec names a key type, not a data key's size.
      CreateKey: { KeySpec: undefined },
      CreateAlias: { AliasName: (n: number) => `alias/kura-${n}` },
      CancelKeyDeletion: { KeyId: pendingId },
      GenerateRandom: { NumberOfBytes: 32 },
    },
  };
}

async function iamFixture(call: Call): Promise<Fixture> {
  await call('iam', 'CreateUser', { UserName: 'alice', Tags: [{ Key: 'k', Value: 'v' }] });
  const accessKeyId = ((await call('iam', 'CreateAccessKey', { UserName: 'alice' }))['AccessKey'] as { AccessKeyId: string }).AccessKeyId;
  await call('iam', 'CreateGroup', { GroupName: 'devs' });
  await call('iam', 'AddUserToGroup', { GroupName: 'devs', UserName: 'alice' });
  await call('iam', 'CreateRole', { RoleName: 'app', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'k', Value: 'v' }] });
  await call('iam', 'CreatePolicy', { PolicyName: 'pol', PolicyDocument: ALLOW_ALL });
  await call('iam', 'CreatePolicyVersion', { PolicyArn: POLICY_ARN, PolicyDocument: ALLOW_ALL });
  // Bare entities, which the Delete operations can delete without a conflict.
  await call('iam', 'CreateUser', { UserName: 'carol' });
  await call('iam', 'CreateGroup', { GroupName: 'empty' });
  await call('iam', 'CreateRole', { RoleName: 'bare', AssumeRolePolicyDocument: TRUST });
  await call('iam', 'CreatePolicy', { PolicyName: 'unused', PolicyDocument: ALLOW_ALL });
  for (const [kind, name] of [['User', 'alice'], ['Group', 'devs'], ['Role', 'app']] as const) {
    await call('iam', `Put${kind}Policy`, { [`${kind}Name`]: name, PolicyName: 'inline', PolicyDocument: ALLOW_ALL });
    await call('iam', `Attach${kind}Policy`, { [`${kind}Name`]: name, PolicyArn: POLICY_ARN });
  }
  return {
    values: {
      UserName: 'alice',
      GroupName: 'devs',
      RoleName: 'app',
      PolicyArn: POLICY_ARN,
      PolicyName: 'inline',
      PolicyDocument: ALLOW_ALL,
      AssumeRolePolicyDocument: TRUST,
      AccessKeyId: accessKeyId,
      Status: 'Inactive',
      VersionId: 'v2',
      Tags: [{ Key: 'k', Value: 'v' }],
      TagKeys: ['k'],
      PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      ActionNames: ['ssm:GetParameter'],
      Description: 'd',
      PermissionsBoundary: POLICY_ARN,
    },
    overrides: {
      CreateUser: { UserName: (n: number) => `bob${n}` },
      CreateGroup: { GroupName: (n: number) => `ops${n}` },
      CreateRole: { RoleName: (n: number) => `app${n}` },
      CreatePolicy: { PolicyName: (n: number) => `pol${n}` },
      DeleteUser: { UserName: 'carol' },
      DeleteGroup: { GroupName: 'empty' },
      DeleteRole: { RoleName: 'bare' },
      DeletePolicy: { PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/unused` },
      UpdateAssumeRolePolicy: { PolicyDocument: TRUST },
    },
  };
}

async function stsFixture(call: Call): Promise<Fixture> {
  await iamFixture(call);
  return {
    values: {
      RoleArn: `arn:aws:iam::${ACCOUNT}:role/app`,
      RoleSessionName: 'session',
      ServicePrincipal: 'ecs-tasks.amazonaws.com',
      DurationSeconds: 900,
    },
    overrides: {},
  };
}

const ROTATION_FUNCTION = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:kura-rotate`;

async function secretsManagerFixture(call: Call, rotation: FakeRotation): Promise<Fixture> {
  const token = (n: number | string) => `world-token-${String(n).padStart(4, '0')}-${'x'.repeat(20)}`;
  const arn = (await call('secretsmanager', 'CreateSecret', { Name: 'kura/db', SecretString: '{"password":"pw"}', ClientRequestToken: token('a') }))['ARN'];
  await call('secretsmanager', 'PutSecretValue', { SecretId: 'kura/db', SecretString: 'pending', ClientRequestToken: token('b'), VersionStages: ['AWSPENDING'] });
  await call('secretsmanager', 'TagResource', { SecretId: 'kura/db', Tags: [{ Key: 'k', Value: 'v' }] });
  await call('secretsmanager', 'CreateSecret', { Name: 'kura/old', SecretString: 'old', ClientRequestToken: token('c') });
  await call('secretsmanager', 'DeleteSecret', { SecretId: 'kura/old' });
  // kura/rot has rotation configured and none in progress (kura/db's AWSPENDING is one).
  await call('secretsmanager', 'CreateSecret', { Name: 'kura/rot', SecretString: 'r', ClientRequestToken: token('d') });
  await call('secretsmanager', 'RotateSecret', { SecretId: 'kura/rot', RotationLambdaARN: ROTATION_FUNCTION, RotateImmediately: false, ClientRequestToken: token('e') });
  await rotation.drain();
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] });
  return {
    values: {
      SecretArn: arn,
      SecretId: 'kura/db',
      SecretIdList: ['kura/db'],
      Name: 'kura/db',
      SecretString: 'v2',
      Description: 'd',
      Tags: [{ Key: 'k', Value: 'v' }],
      TagKeys: ['k'],
      VersionStage: 'AWSPENDING',
      ResourcePolicy: policy,
      PasswordLength: 20,
      RotationLambdaARN: ROTATION_FUNCTION,
      RotationRules: { AutomaticallyAfterDays: 30 },
    },
    overrides: {
      CreateSecret: { Name: (n: number) => `kura/new-${n}`, ClientRequestToken: (n: number) => token(`new${n}`) },
      PutSecretValue: { ClientRequestToken: (n: number) => token(`put${n}`) },
      UpdateSecret: { ClientRequestToken: (n: number) => token(`upd${n}`) },
      UpdateSecretVersionStage: { RemoveFromVersionId: token('b'), MoveToVersionId: token('a') },
      RestoreSecret: { SecretId: 'kura/old' },
      GetSecretValue: { VersionStage: 'AWSCURRENT' },
      DeleteSecret: { RecoveryWindowInDays: 7 },
      RotateSecret: { SecretId: 'kura/rot', ClientRequestToken: (n: number) => token(`rot${n}`) },
      CancelRotateSecret: { SecretId: 'kura/rot' },
    },
  };
}

// CloudTrail reads the audit log: the world's is empty (the lookup port, not the store, holds it).
async function cloudTrailFixture(): Promise<Fixture> {
  return { values: { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetParameter' }], MaxResults: 5 }, overrides: {} };
}

const FIXTURES: Record<string, (call: Call, rotation: FakeRotation) => Promise<Fixture>> = {
  ssm: ssmFixture,
  kms: kmsFixture,
  iam: iamFixture,
  sts: stsFixture,
  secretsmanager: secretsManagerFixture,
  cloudtrail: cloudTrailFixture,
};
