import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, createTestHarness, doc, rejectsWith, type TestHarness } from './testing/context.js';

type Policy = { PolicyName: string; PolicyId: string; Arn: string; DefaultVersionId: string; AttachmentCount: number; IsAttachable: boolean; Description?: string; PermissionsBoundaryUsageCount: number };
type Version = { VersionId: string; IsDefaultVersion: boolean; Document?: string };

const readParams = doc([{ Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: `arn:aws:ssm:ap-northeast-1:${ACCOUNT}:parameter/goecssample/*` }]);
const arnOf = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;

describe('IAM managed policies', () => {
  let h: TestHarness;
  before(async () => {
    h = await createTestHarness();
  });
  after(() => h.close());

  it('creates a policy with an ANPA id and v1 as its default version', async () => {
    const policy = (await h.iam('CreatePolicy', { PolicyName: 'read-params', PolicyDocument: readParams, Description: 'd' }))['Policy'] as Policy;
    assert.match(policy.PolicyId, /^ANPA[A-Z2-7]{17}$/);
    assert.equal(policy.Arn, arnOf('read-params'));
    assert.equal(policy.DefaultVersionId, 'v1');
    assert.equal(policy.AttachmentCount, 0);
    assert.equal(policy.IsAttachable, true);
    assert.equal(policy.Description, undefined, 'CreatePolicy does not echo the description');
  });

  it('refuses a duplicate name, whatever its case', async () => {
    await rejectsWith(h.iam('CreatePolicy', { PolicyName: 'READ-PARAMS', PolicyDocument: readParams }), 'EntityAlreadyExists', 409, 'A policy called READ-PARAMS already exists. Duplicate names are not allowed.');
  });

  it('refuses documents AWS refuses, with its reasons', async () => {
    const noVersion = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] });
    await rejectsWith(h.iam('CreatePolicy', { PolicyName: 'x', PolicyDocument: noVersion }), 'MalformedPolicyDocument', 400, 'Policy document must be version 2012-10-17 or greater.');
    await rejectsWith(h.iam('CreatePolicy', { PolicyName: 'x', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*' }) }), 'MalformedPolicyDocument', 400, 'Policy statement must contain resources.');
    await rejectsWith(h.iam('CreatePolicy', { PolicyName: 'x', PolicyDocument: doc({ Effect: 'Allow', Resource: '*' }) }), 'MalformedPolicyDocument', 400, 'Policy statement must contain actions.');
    await rejectsWith(h.iam('CreatePolicy', { PolicyName: 'x', PolicyDocument: '{' }), 'MalformedPolicyDocument', 400, 'Syntax errors in policy.');
  });

  it('refuses a document over 6144 characters without whitespace', async () => {
    const actions = Array.from({ length: 400 }, (_, i) => `ssm:GetParameterNumber${i}`);
    await rejectsWith(h.iam('CreatePolicy', { PolicyName: 'big', PolicyDocument: doc({ Effect: 'Allow', Action: actions, Resource: '*' }) }), 'LimitExceeded', 409, 'Cannot exceed quota for PolicySize: 6144');
  });

  it('gets a policy with its description, and AWS managed ones', async () => {
    const policy = (await h.iam('GetPolicy', { PolicyArn: arnOf('read-params') }))['Policy'] as Policy;
    assert.equal(policy.Description, 'd');
    const admin = (await h.iam('GetPolicy', { PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }))['Policy'] as Policy;
    assert.equal(admin.PolicyName, 'AdministratorAccess');
    assert.equal(admin.AttachmentCount, 1, 'the bootstrap administrator has it');
  });

  it('reports missing and malformed policy ARNs as AWS does', async () => {
    await rejectsWith(h.iam('GetPolicy', { PolicyArn: arnOf('nope') }), 'NoSuchEntity', 404, `Policy ${arnOf('nope')} was not found.`);
    await rejectsWith(h.iam('GetPolicy', { PolicyArn: 'not-an-arn-at-all-xx' }), 'ValidationError', 400, 'Invalid ARN:  Could not be parsed!');
    const roleArn = `arn:aws:iam::${ACCOUNT}:role/x`;
    await rejectsWith(h.iam('GetPolicy', { PolicyArn: roleArn }), 'InvalidInput', 400, `ARN ${roleArn} is not valid.`);
    await rejectsWith(h.iam('GetPolicy', { PolicyArn: 'arn:aws:iam::aws:policy/administratoraccess' }), 'NoSuchEntity', 404);
  });

  it('adds versions up to five, then refuses with AWS text', async () => {
    const arn = arnOf('read-params');
    const v2 = (await h.iam('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: readParams, SetAsDefault: true }))['PolicyVersion'] as Version;
    assert.deepEqual([v2.VersionId, v2.IsDefaultVersion, v2.Document], ['v2', true, undefined]);
    for (let i = 0; i < 3; i += 1) await h.iam('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: readParams });
    await rejectsWith(
      h.iam('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: readParams }),
      'LimitExceeded',
      409,
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    );
    const versions = (await h.iam('ListPolicyVersions', { PolicyArn: arn }))['Versions'] as Version[];
    assert.deepEqual(versions.map((v) => v.VersionId), ['v5', 'v4', 'v3', 'v2', 'v1']);
    assert.deepEqual(versions.filter((v) => v.IsDefaultVersion).map((v) => v.VersionId), ['v2']);
  });

  it('returns a version’s document URL-encoded', async () => {
    const version = (await h.iam('GetPolicyVersion', { PolicyArn: arnOf('read-params'), VersionId: 'v2' }))['PolicyVersion'] as Version;
    assert.equal(version.Document, encodeURIComponent(readParams));
    await rejectsWith(h.iam('GetPolicyVersion', { PolicyArn: arnOf('read-params'), VersionId: 'v9' }), 'NoSuchEntity', 404);
  });

  it('switches the default version and refuses to delete it', async () => {
    const arn = arnOf('read-params');
    await h.iam('SetDefaultPolicyVersion', { PolicyArn: arn, VersionId: 'v3' });
    assert.equal(((await h.iam('GetPolicy', { PolicyArn: arn }))['Policy'] as Policy).DefaultVersionId, 'v3');
    await rejectsWith(h.iam('DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v3' }), 'DeleteConflict', 409, 'Cannot delete the default version of a policy.');
    await rejectsWith(h.iam('SetDefaultPolicyVersion', { PolicyArn: arn, VersionId: 'v9' }), 'NoSuchEntity', 404);
    await rejectsWith(h.iam('DeletePolicyVersion', { PolicyArn: arn, VersionId: 'v9' }), 'NoSuchEntity', 404);
  });

  it('refuses to delete a policy with other versions, then one that is attached', async () => {
    const arn = arnOf('read-params');
    await rejectsWith(
      h.iam('DeletePolicy', { PolicyArn: arn }),
      'DeleteConflict',
      409,
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    );
    for (const v of ['v1', 'v2', 'v4', 'v5']) await h.iam('DeletePolicyVersion', { PolicyArn: arn, VersionId: v });
    await h.iam('CreateUser', { UserName: 'reader' });
    await h.iam('AttachUserPolicy', { UserName: 'reader', PolicyArn: arn });
    assert.equal(((await h.iam('GetPolicy', { PolicyArn: arn }))['Policy'] as Policy).AttachmentCount, 1);
    await rejectsWith(h.iam('DeletePolicy', { PolicyArn: arn }), 'DeleteConflict', 409, 'Cannot delete a policy attached to entities.');
    await h.iam('DetachUserPolicy', { UserName: 'reader', PolicyArn: arn });
    await h.iam('DeletePolicy', { PolicyArn: arn });
    await rejectsWith(h.iam('GetPolicy', { PolicyArn: arn }), 'NoSuchEntity', 404);
  });

  it('refuses to delete a policy used as a permissions boundary', async () => {
    const arn = (((await h.iam('CreatePolicy', { PolicyName: 'fence', PolicyDocument: readParams }))['Policy']) as Policy).Arn;
    await h.iam('CreateUser', { UserName: 'fenced', PermissionsBoundary: arn });
    assert.equal(((await h.iam('GetPolicy', { PolicyArn: arn }))['Policy'] as Policy).PermissionsBoundaryUsageCount, 1);
    await rejectsWith(h.iam('DeletePolicy', { PolicyArn: arn }), 'DeleteConflict', 409, 'Cannot delete a policy attached to entities.');
  });

  it('refuses to change or delete an AWS managed policy', async () => {
    const arn = 'arn:aws:iam::aws:policy/AdministratorAccess';
    await rejectsWith(h.iam('DeletePolicy', { PolicyArn: arn }), 'AccessDenied', 403);
    await rejectsWith(h.iam('CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: readParams }), 'AccessDenied', 403);
    const v1 = (await h.iam('GetPolicyVersion', { PolicyArn: arn, VersionId: 'v1' }))['PolicyVersion'] as Version;
    assert.deepEqual(JSON.parse(decodeURIComponent(v1.Document ?? '')), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
  });

  it('lists AWS managed policies first, then the account’s, across pages', async () => {
    await h.iam('CreatePolicy', { PolicyName: 'zz-local', PolicyDocument: readParams });
    const names: string[] = [];
    let marker: unknown;
    do {
      const page = await h.iam('ListPolicies', { MaxItems: 2, ...(marker ? { Marker: marker } : {}) });
      names.push(...(page['Policies'] as Policy[]).map((p) => p.PolicyName));
      marker = page['IsTruncated'] ? page['Marker'] : undefined;
    } while (marker);
    assert.deepEqual(names, ['AdministratorAccess', 'AmazonECSTaskExecutionRolePolicy', 'AmazonSSMReadOnlyAccess', 'IAMReadOnlyAccess', 'fence', 'zz-local']);
    const local = (await h.iam('ListPolicies', { Scope: 'Local' }))['Policies'] as Policy[];
    assert.deepEqual(local.map((p) => p.PolicyName), ['fence', 'zz-local']);
    const attached = (await h.iam('ListPolicies', { Scope: 'AWS', OnlyAttached: true }))['Policies'] as Policy[];
    assert.deepEqual(attached.map((p) => p.PolicyName), ['AdministratorAccess']);
  });
});
