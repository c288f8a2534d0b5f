// Test support: a small world to run every operation against (a parameter, a KMS key and alias, an
// IAM user with an access key, a group, a role, a managed policy), sample inputs for every member an
// operation needs, and the spellings of each resource-naming member that a caller could use to make
// authorization and the operation disagree: spaces, trailing slashes, `//`, `.` segments, ARNs,
// other case, selectors.

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';

/** What the seeded world holds, for building inputs. */
export interface World {
  keyId: string;
  ciphertext: string;
  accessKeyId: string;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');
const PARAM = '/prod/db/password';
const paramArn = (name: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name}`;
const iam = (rest: string) => `arn:aws:iam::${ACCOUNT}:${rest}`;
export const ALLOW_ALL = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
export const TRUST_ANYONE = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] });
const KEY_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: iam('root') }, Action: 'kms:*', Resource: '*' }],
});

/** Fixed values for the members that do not name the resource under test, per service. */
export function fixedMembers(service: string, world: World): Record<string, unknown> {
  const common = { Tags: [{ Key: 'k', Value: 'v' }], TagKeys: ['k'], Description: 'd' };
  if (service === 'ssm') return { ...common, Value: 'v', Type: 'String', Labels: ['l2'], ParameterVersion: 1, ResourceType: 'Parameter' };
  if (service === 'kms') {
    return { ...common, Plaintext: b64('x'), CiphertextBlob: world.ciphertext, NumberOfBytes: 32, Policy: KEY_POLICY, PolicyName: 'default', PendingWindowInDays: 7 };
  }
  return {
    ...common,
    PolicyName: 'inline',
    PolicyDocument: ALLOW_ALL,
    AssumeRolePolicyDocument: TRUST_ANYONE,
    VersionId: 'v1',
    Status: 'Inactive',
    AccessKeyId: world.accessKeyId,
    ActionNames: ['ssm:GetParameter'],
    RoleSessionName: 's',
    ServicePrincipal: 'ecs-tasks.amazonaws.com',
    NewUserName: 'renamed',
  };
}

/** Every spelling of each resource-naming member; the first is the plain one. */
export function spellings(service: string, world: World): Record<string, unknown[]> {
  const { keyId } = world;
  const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${keyId}`;
  const names = [PARAM, ` ${PARAM} `, 'prod/db/password', paramArn(PARAM), ` ${paramArn(PARAM)}`, `${PARAM}/`, `/${PARAM}`, '/prod//db/password', '/prod/./db/password', '/prod/../prod/db/password', '/PROD/db/password', `${PARAM}:1`, `${PARAM}:l1`, `${paramArn(PARAM)}:1`, paramArn(PARAM).replace(REGION, 'eu-west-1')];
  if (service === 'ssm') {
    return {
      Name: names,
      Names: names.map((name) => [name]),
      ResourceId: names,
      Path: ['/prod', ' /prod ', '/prod/', '  /prod/  ', '//prod', '/prod//', '/', ' / ', '/prod/db', '/prod/../prod', paramArn('/prod')],
    };
  }
  if (service === 'kms') {
    const keys = [keyId, keyArn, 'alias/app', `arn:aws:kms:${REGION}:${ACCOUNT}:alias/app`, ` ${keyId}`, keyId.toUpperCase(), 'alias/APP', ' alias/app', keyArn.replace(REGION, 'eu-west-1')];
    return { KeyId: keys, TargetKeyId: keys, DestinationKeyId: keys, SourceKeyId: keys, AliasName: ['alias/new', 'alias/app', 'alias/APP', ' alias/app', 'alias/app/'] };
  }
  return {
    UserName: ['alice', 'ALICE', 'Alice', 'newuser'],
    GroupName: ['devs', 'DEVS', 'newgroup'],
    RoleName: ['app', 'APP', 'newrole'],
    PolicyArn: [iam('policy/pol'), iam('policy/POL'), iam('policy/x/pol'), 'arn:aws:iam::aws:policy/AdministratorAccess'],
    PolicySourceArn: [iam('user/alice'), iam('user/ALICE'), iam('role/app')],
    RoleArn: [iam('role/app'), iam('role/APP'), iam('role/x/app')],
    PolicyName: ['inline', 'INLINE', 'pol'],
  };
}

/** The calls that build the world, in order, per service ('$key' and '$accessKey' are filled in as they appear). */
export const SEED: Array<[string, string, Record<string, unknown>]> = [
  ['iam', 'CreateUser', { UserName: 'admin' }],
  ['iam', 'CreateUser', { UserName: 'alice' }],
  ['iam', 'CreateGroup', { GroupName: 'devs' }],
  ['iam', 'AddUserToGroup', { GroupName: 'devs', UserName: 'alice' }],
  ['iam', 'CreateRole', { RoleName: 'app', AssumeRolePolicyDocument: TRUST_ANYONE }],
  ['iam', 'CreatePolicy', { PolicyName: 'pol', PolicyDocument: ALLOW_ALL }],
  ['iam', 'CreatePolicyVersion', { PolicyArn: iam('policy/pol'), PolicyDocument: ALLOW_ALL }],
  ['iam', 'AttachUserPolicy', { UserName: 'alice', PolicyArn: iam('policy/pol') }],
  ['iam', 'AttachGroupPolicy', { GroupName: 'devs', PolicyArn: iam('policy/pol') }],
  ['iam', 'AttachRolePolicy', { RoleName: 'app', PolicyArn: iam('policy/pol') }],
  ['iam', 'PutUserPolicy', { UserName: 'alice', PolicyName: 'inline', PolicyDocument: ALLOW_ALL }],
  ['iam', 'PutGroupPolicy', { GroupName: 'devs', PolicyName: 'inline', PolicyDocument: ALLOW_ALL }],
  ['iam', 'PutRolePolicy', { RoleName: 'app', PolicyName: 'inline', PolicyDocument: ALLOW_ALL }],
  ['iam', 'TagUser', { UserName: 'alice', Tags: [{ Key: 'k', Value: 'v' }] }],
  ['iam', 'TagRole', { RoleName: 'app', Tags: [{ Key: 'k', Value: 'v' }] }],
  ['kms', 'CreateKey', { Policy: KEY_POLICY }],
  ['kms', 'CreateAlias', { AliasName: 'alias/app', TargetKeyId: '$key' }],
  ['ssm', 'PutParameter', { Name: PARAM, Value: 'secret', Type: 'SecureString', KeyId: 'alias/app' }],
  ['ssm', 'PutParameter', { Name: '/prod/db/host', Value: 'h', Type: 'String' }],
  ['ssm', 'LabelParameterVersion', { Name: PARAM, Labels: ['l1'] }],
  ['ssm', 'AddTagsToResource', { ResourceType: 'Parameter', ResourceId: PARAM, Tags: [{ Key: 'k', Value: 'v' }] }],
];
