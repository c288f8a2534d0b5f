// The state seeded before a fuzz run, through the official SDK as a user would: two KMS keys with
// aliases and real ciphertexts, parameters of every type (one outside /fuzz, one without a leading
// slash), secrets (string and binary, under either key, one with versions and a resource policy),
// users, a group, roles, managed and inline policies, an access key, page tokens. Plus the
// three callers the fuzzer signs as: the administrator, a low-privilege user, and a role session.
//
// The low-privilege user and the session's role are kept out of the world's name pools, so the
// administrator's fuzzed calls never delete or rename the callers themselves.

import { EncryptCommand, CreateAliasCommand, CreateKeyCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import {
  AddUserToGroupCommand,
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagUserCommand,
} from '@aws-sdk/client-iam';
import { AddTagsToResourceCommand, DescribeParametersCommand, LabelParameterVersionCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CreateSecretCommand, ListSecretsCommand, PutResourcePolicyCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { RunningKura } from '../harness.js';
import type { FuzzWorld } from './pools.js';
import type { Caller } from './requests.js';
import type { Credentials } from './sign.js';

export const FUZZ_ACCOUNT = '123456789012';

const statement = (Effect: string, Action: string[], Resource: string | string[]) => ({ Effect, Action, Resource });
const policy = (...Statement: unknown[]) => JSON.stringify({ Version: '2012-10-17', Statement });

export async function seedWorld(kura: RunningKura): Promise<{ world: FuzzWorld; callers: Record<Caller, Credentials> }> {
  const config = { endpoint: kura.url, region: kura.region, credentials: kura.credentials };
  const [ssm, kms, iam, sts, sm] = [new SSMClient(config), new KMSClient(config), new IAMClient(config), new STSClient(config), new SecretsManagerClient(config)];
  const account = FUZZ_ACCOUNT;
  const arn = (service: string, resource: string) => `arn:aws:${service}:${kura.region}:${account}:${resource}`;
  try {
    const keys: string[] = [];
    for (const name of ['fuzz-a', 'fuzz-b']) {
      const made = await kms.send(new CreateKeyCommand({ Description: name, Tags: [{ TagKey: 'team', TagValue: 'fuzz' }] }));
      const id = made.KeyMetadata?.KeyId as string;
      keys.push(id);
      await kms.send(new CreateAliasCommand({ AliasName: `alias/${name}`, TargetKeyId: id }));
    }
    const aliasNames = ['alias/fuzz-a', 'alias/fuzz-b', 'alias/aws/ssm'];
    const keyRefs = [...keys, ...keys.map((k) => arn('kms', `key/${k}`)), ...aliasNames, ...aliasNames.map((a) => arn('kms', a))];
    const ciphertexts: Buffer[] = [];
    for (const [i, key] of keys.entries()) {
      for (const context of [undefined, { app: 'fuzz' }]) {
        const out = await kms.send(new EncryptCommand({ KeyId: key, Plaintext: Buffer.from(`plaintext ${i}`), EncryptionContext: context }));
        ciphertexts.push(Buffer.from(out.CiphertextBlob as Uint8Array));
      }
    }

    const parameters: [string, 'String' | 'StringList' | 'SecureString', string?][] = [
      ['/fuzz/plain', 'String'],
      ['/fuzz/list', 'StringList'],
      ['/fuzz/secure', 'SecureString'],
      ['/fuzz/secure-a', 'SecureString', keys[0]],
      ['/fuzz/dir/a', 'String'],
      ['/fuzz/dir/b/c', 'SecureString', 'alias/fuzz-b'],
      ['/prod/db/password', 'SecureString'],
      ['fuzz-no-slash', 'String'],
    ];
    for (const [Name, Type, KeyId] of parameters) {
      await ssm.send(new PutParameterCommand({ Name, Type, KeyId, Value: Type === 'StringList' ? 'a,b,c' : `value of ${Name}` }));
    }
    await ssm.send(new PutParameterCommand({ Name: '/fuzz/plain', Type: 'String', Value: 'second version', Overwrite: true }));
    await ssm.send(new LabelParameterVersionCommand({ Name: '/fuzz/plain', ParameterVersion: 1, Labels: ['fuzz-label'] }));
    await ssm.send(new AddTagsToResourceCommand({ ResourceType: 'Parameter', ResourceId: '/fuzz/plain', Tags: [{ Key: 'team', Value: 'fuzz' }] }));

    const secretIds: string[] = [];
    for (const [Name, KmsKeyId, binary] of [['fuzz/db', undefined, false], ['fuzz/keyed', keys[0], false], ['fuzz/bin', 'alias/fuzz-b', true], ['prod/secret', undefined, false]] as const) {
      const value = binary ? { SecretBinary: Buffer.from([0, 1, 2, 255]) } : { SecretString: `{"password":"${Name}"}` };
      const made = await sm.send(new CreateSecretCommand({ Name, KmsKeyId, ...value, Tags: [{ Key: 'team', Value: 'fuzz' }] }));
      secretIds.push(Name, made.ARN as string, (made.ARN as string).slice(0, -7));
    }
    await sm.send(new PutSecretValueCommand({ SecretId: 'fuzz/db', SecretString: '{"password":"second"}' }));
    const secretPolicy = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    await sm.send(new PutResourcePolicyCommand({ SecretId: 'fuzz/db', ResourcePolicy: secretPolicy }));

    const trust = policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' });
    for (const name of ['fuzz-victim', 'fuzz-other']) await iam.send(new CreateUserCommand({ UserName: name, Path: '/fuzz/' }));
    await iam.send(new TagUserCommand({ UserName: 'fuzz-victim', Tags: [{ Key: 'team', Value: 'fuzz' }] }));
    const victimKey = await iam.send(new CreateAccessKeyCommand({ UserName: 'fuzz-victim' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'fuzz-victim', PolicyName: 'fuzz-inline', PolicyDocument: policy(statement('Allow', ['ssm:GetParameter'], '*')) }));
    await iam.send(new CreateGroupCommand({ GroupName: 'fuzz-group' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'fuzz-group', UserName: 'fuzz-victim' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'fuzz-role', AssumeRolePolicyDocument: trust }));
    const managed = await iam.send(new CreatePolicyCommand({ PolicyName: 'fuzz-policy', PolicyDocument: policy(statement('Allow', ['kms:Decrypt'], arn('kms', `key/${keys[0]}`))) }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'fuzz-role', PolicyArn: managed.Policy?.Arn }));

    // The low-privilege caller: some reads under /fuzz, one key, itself; an explicit Deny on /prod.
    await iam.send(new CreateUserCommand({ UserName: 'fuzz-low' }));
    const lowPolicy = policy(
      statement('Allow', ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath', 'ssm:DescribeParameters', 'ssm:PutParameter'], [arn('ssm', 'parameter/fuzz/*'), arn('ssm', '*')]),
      statement('Allow', ['kms:Decrypt', 'kms:Encrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'], arn('kms', `key/${keys[0]}`)),
      statement('Allow', ['iam:GetUser', 'iam:ListAccessKeys', 'sts:GetCallerIdentity'], '*'),
      statement('Allow', ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret', 'secretsmanager:ListSecrets', 'secretsmanager:PutSecretValue'], [arn('secretsmanager', 'secret:fuzz/*'), '*']),
      statement('Deny', ['ssm:*'], [arn('ssm', 'parameter/prod'), arn('ssm', 'parameter/prod/*'), arn('ssm', 'parameter/fuzz/secure')]),
      statement('Deny', ['secretsmanager:*'], arn('secretsmanager', 'secret:prod/*')),
    );
    await iam.send(new PutUserPolicyCommand({ UserName: 'fuzz-low', PolicyName: 'low', PolicyDocument: lowPolicy }));
    const lowKey = (await iam.send(new CreateAccessKeyCommand({ UserName: 'fuzz-low' }))).AccessKey;

    // The session caller: a role of its own, reading /fuzz and decrypting with the second key.
    await iam.send(new CreateRoleCommand({ RoleName: 'fuzz-session-role', AssumeRolePolicyDocument: trust }));
    const sessionPolicy = policy(statement('Allow', ['ssm:Get*', 'ssm:Describe*', 'kms:Decrypt', 'iam:List*', 'secretsmanager:Get*', 'secretsmanager:List*'], '*'), statement('Deny', ['ssm:*'], arn('ssm', 'parameter/prod/*')));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'fuzz-session-role', PolicyName: 'session', PolicyDocument: sessionPolicy }));
    const session = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/fuzz-session-role`, RoleSessionName: 'fuzz', DurationSeconds: 3600 }))).Credentials;

    const pageTokens = [
      (await ssm.send(new DescribeParametersCommand({ MaxResults: 1 }))).NextToken,
      (await iam.send(new ListUsersCommand({ MaxItems: 1 }))).Marker,
      (await kms.send(new ListKeysCommand({ Limit: 1 }))).NextMarker,
      (await sm.send(new ListSecretsCommand({ MaxResults: 1 }))).NextToken,
    ].filter((t): t is string => typeof t === 'string');

    const world: FuzzWorld = {
      accountId: account,
      region: kura.region,
      parameterNames: parameters.map(([name]) => name),
      secretIds,
      keyRefs,
      aliasNames: aliasNames.slice(0, 2),
      ciphertexts,
      userNames: ['fuzz-victim', 'fuzz-other'],
      roleNames: ['fuzz-role'],
      groupNames: ['fuzz-group'],
      policyArns: [managed.Policy?.Arn as string, 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/AdministratorAccess'],
      inlinePolicyNames: ['fuzz-inline'],
      accessKeyIds: [victimKey.AccessKey?.AccessKeyId as string],
      pageTokens,
    };
    const callers: Record<Caller, Credentials> = {
      admin: kura.credentials,
      low: { accessKeyId: lowKey?.AccessKeyId as string, secretAccessKey: lowKey?.SecretAccessKey as string },
      session: { accessKeyId: session?.AccessKeyId as string, secretAccessKey: session?.SecretAccessKey as string, sessionToken: session?.SessionToken as string },
    };
    return { world, callers };
  } finally {
    for (const client of [ssm, kms, iam, sts, sm]) client.destroy();
  }
}
