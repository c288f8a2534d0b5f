// Credentials follow an entity, not its name, driven with SDK v3 against the built server. A role
// or user deleted and created again under the same name with AdministratorAccess is a new entity:
// a session issued for the old one is refused what the new one may do (AccessDenied, no
// identity-based policy allows it), and cannot read or decrypt a SecureString, while a new session
// of the new entity can. A group deleted and created again does not keep the old group's members.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  IAMClient,
  ListGroupsForUserCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
} from '@aws-sdk/client-iam';
import { CreateKeyCommand, DecryptCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { DescribeParametersCommand, GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { startKura, type RunningKura } from './harness.js';

const ACCOUNT = '123456789012';
const SECRET = '/prod/db/password';
const SECRET_ARN = `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter${SECRET}`;
const ADMIN_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:DescribeParameters', Resource: '*' }] });
const READ_SECRET = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['ssm:GetParameter', 'kms:Decrypt'], Resource: '*' }] });
const TRUST_ACCOUNT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }],
});
type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

const noIdentityPolicy = (caller: string, action: string, resource: string) =>
  `User: ${caller} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

describe('credentials follow an entity, not its name', () => {
  let kura: RunningKura;
  let iam: IAMClient;
  let sts: STSClient;
  let keyArn: string;
  let ciphertext: Uint8Array;
  const clients: Array<{ destroy(): void }> = [];
  const client = <T extends { destroy(): void }>(make: new (config: object) => T, credentials: Credentials): T => {
    const c = new make({ endpoint: kura.url, region: kura.region, credentials });
    clients.push(c);
    return c;
  };
  const fromSts = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined): Credentials => ({
    accessKeyId: c?.AccessKeyId as string,
    secretAccessKey: c?.SecretAccessKey as string,
    sessionToken: c?.SessionToken as string,
  });
  const readSecret = async (credentials: Credentials) =>
    (await client(SSMClient, credentials).send(new GetParameterCommand({ Name: SECRET, WithDecryption: true }))).Parameter?.Value;
  const decrypt = async (credentials: Credentials) => (await client(KMSClient, credentials).send(new DecryptCommand({ CiphertextBlob: ciphertext }))).Plaintext;
  const refused = (name: string, message: string) => (error: Error) => {
    assert.deepEqual([error.name, error.message], [name, message]);
    return true;
  };

  before(async () => {
    kura = await startKura({ args: ['--account-id', ACCOUNT] });
    iam = client(IAMClient, kura.credentials);
    sts = client(STSClient, kura.credentials);
    const kms = client(KMSClient, kura.credentials);
    await client(SSMClient, kura.credentials).send(new PutParameterCommand({ Name: SECRET, Value: 'hunter2', Type: 'SecureString' }));
    keyArn = (await kms.send(new CreateKeyCommand({}))).KeyMetadata?.Arn as string;
    ciphertext = (await kms.send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from('db-root') }))).CiphertextBlob as Uint8Array;
  });
  after(async () => {
    for (const c of clients) c.destroy();
    await kura.stop();
  });

  test('a session of a deleted role is refused what a new role of the same name may do', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'R', AssumeRolePolicyDocument: TRUST_ACCOUNT }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'R', PolicyName: 'read-only', PolicyDocument: READ_ONLY }));
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/R`;
    const old = fromSts((await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'old' }))).Credentials);
    const oldArn = `arn:aws:sts::${ACCOUNT}:assumed-role/R/old`;
    await client(SSMClient, old).send(new DescribeParametersCommand({}));
    await assert.rejects(readSecret(old), refused('AccessDeniedException', noIdentityPolicy(oldArn, 'ssm:GetParameter', SECRET_ARN)));

    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'R', PolicyName: 'read-only' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'R' }));
    await iam.send(new CreateRoleCommand({ RoleName: 'R', AssumeRolePolicyDocument: TRUST_ACCOUNT }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'R', PolicyArn: ADMIN_ACCESS }));

    await assert.rejects(readSecret(old), refused('AccessDeniedException', noIdentityPolicy(oldArn, 'ssm:GetParameter', SECRET_ARN)));
    await assert.rejects(decrypt(old), refused('AccessDeniedException', noIdentityPolicy(oldArn, 'kms:Decrypt', keyArn)));
    await assert.rejects(
      client(SSMClient, old).send(new DescribeParametersCommand({})),
      refused('AccessDeniedException', noIdentityPolicy(oldArn, 'ssm:DescribeParameters', '*')),
    );
    // Nor can it take a new session of the new role (the trust policy names the account).
    await assert.rejects(
      client(STSClient, old).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'again' })),
      refused('AccessDenied', noIdentityPolicy(oldArn, 'sts:AssumeRole', roleArn)),
    );
    // Who it is needs no permission, in AWS as here: the credentials still name the old session.
    assert.equal((await client(STSClient, old).send(new GetCallerIdentityCommand({}))).Arn, oldArn);

    const fresh = fromSts((await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'new' }))).Credentials);
    assert.equal(await readSecret(fresh), 'hunter2');
    assert.equal(Buffer.from((await decrypt(fresh)) as Uint8Array).toString(), 'db-root');
  });

  test('a GetSessionToken session of a deleted user is refused what a new user of the same name may do', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'U' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'U', PolicyName: 'read-only', PolicyDocument: READ_ONLY }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'U' }))).AccessKey;
    const longTerm = { accessKeyId: key?.AccessKeyId as string, secretAccessKey: key?.SecretAccessKey as string };
    const old = fromSts((await client(STSClient, longTerm).send(new GetSessionTokenCommand({}))).Credentials);
    const userArn = `arn:aws:iam::${ACCOUNT}:user/U`;
    await client(SSMClient, old).send(new DescribeParametersCommand({}));

    // The user must have no keys to be deleted: the session was taken before.
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'U', AccessKeyId: longTerm.accessKeyId }));
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'U', PolicyName: 'read-only' }));
    await iam.send(new DeleteUserCommand({ UserName: 'U' }));
    await iam.send(new CreateUserCommand({ UserName: 'U' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'U', PolicyArn: ADMIN_ACCESS }));

    await assert.rejects(readSecret(old), refused('AccessDeniedException', noIdentityPolicy(userArn, 'ssm:GetParameter', SECRET_ARN)));
    await assert.rejects(decrypt(old), refused('AccessDeniedException', noIdentityPolicy(userArn, 'kms:Decrypt', keyArn)));
    await assert.rejects(readSecret(longTerm), refused('UnrecognizedClientException', 'The security token included in the request is invalid.'));

    const newKey = (await iam.send(new CreateAccessKeyCommand({ UserName: 'U' }))).AccessKey;
    const fresh = { accessKeyId: newKey?.AccessKeyId as string, secretAccessKey: newKey?.SecretAccessKey as string };
    assert.equal(await readSecret(fromSts((await client(STSClient, fresh).send(new GetSessionTokenCommand({}))).Credentials)), 'hunter2');
  });

  test('a group deleted and created again with more rights gives its old members nothing', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'M' }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'M' }))).AccessKey;
    const member = { accessKeyId: key?.AccessKeyId as string, secretAccessKey: key?.SecretAccessKey as string };
    await iam.send(new CreateGroupCommand({ GroupName: 'G' }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'G', PolicyName: 'read-secret', PolicyDocument: READ_SECRET }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'G', UserName: 'M' }));
    assert.equal(await readSecret(member), 'hunter2');

    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'G', UserName: 'M' }));
    await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'G', PolicyName: 'read-secret' }));
    await iam.send(new DeleteGroupCommand({ GroupName: 'G' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'G' }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'G', PolicyArn: ADMIN_ACCESS }));

    assert.deepEqual((await iam.send(new ListGroupsForUserCommand({ UserName: 'M' }))).Groups, []);
    const memberArn = `arn:aws:iam::${ACCOUNT}:user/M`;
    await assert.rejects(readSecret(member), refused('AccessDeniedException', noIdentityPolicy(memberArn, 'ssm:GetParameter', SECRET_ARN)));
  });
});
