// Names, labels and versions that no store holds but the models still let a client send: U+0000 in a
// parameter name, a label, a KMS alias, a tag key or an IAM policy ARN; a parameter version beyond
// 32 bits. Each is
// "not found", with the same answer from either store (KURA_E2E_STORE): PostgreSQL's text cannot
// hold U+0000 nor its integer 2^31, and asked about them it failed with InternalFailure where SQLite
// answered (store/postgres/storable.ts).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateUserCommand,
  DetachUserPolicyCommand,
  IAMClient,
  ListAttachedUserPoliciesCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateKeyCommand, DescribeKeyCommand, KMSClient, ListResourceTagsCommand, UntagResourceCommand } from '@aws-sdk/client-kms';
import {
  DeleteParametersCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  LabelParameterVersionCommand,
  PutParameterCommand,
  SSMClient,
  UnlabelParameterVersionCommand,
} from '@aws-sdk/client-ssm';
import { startKura, type RunningKura } from './harness.js';

const NUL = '\u0000';
const ACCOUNT = '123456789012';
const READ_ONLY = 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess';

describe('names, labels and versions no store holds', () => {
  let kura: RunningKura;
  let ssm: SSMClient;
  let kms: KMSClient;
  before(async () => {
    kura = await startKura({ args: ['--account-id', ACCOUNT] });
    ssm = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials, maxAttempts: 1 });
    kms = new KMSClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials, maxAttempts: 1 });
    await ssm.send(new PutParameterCommand({ Name: '/odd/p', Value: 'v1', Type: 'String' }));
    await ssm.send(new PutParameterCommand({ Name: '/odd/p', Value: 'v2', Type: 'String', Overwrite: true }));
    await ssm.send(new LabelParameterVersionCommand({ Name: '/odd/p', ParameterVersion: 1, Labels: ['l1'] }));
  });
  after(async () => {
    ssm.destroy();
    kms.destroy();
    await kura.stop();
  });

  const versionNotFound = (version: string) => ({
    name: 'ParameterVersionNotFound',
    message: `Systems Manager could not find version ${version} of /odd/p. Verify the version and try again.`,
  });

  test('GetParameter with a label holding U+0000, or a version past 2^31, is ParameterVersionNotFound', async () => {
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: `/odd/p:l1${NUL}` })), versionNotFound(`l1${NUL}`));
    await assert.rejects(ssm.send(new GetParameterCommand({ Name: '/odd/p:2147483648' })), versionNotFound('2147483648'));
    const byLabel = await ssm.send(new GetParametersByPathCommand({ Path: '/odd', ParameterFilters: [{ Key: 'Label', Values: [NUL] }] }));
    assert.deepEqual(byLabel.Parameters, []);
  });

  test('DeleteParameters of a name holding U+0000, by a user whose Deny names a resource tag: reported invalid, nothing deleted', async () => {
    // The Deny's condition makes authorization read the tags of every parameter named.
    const iam = new IAMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'tag-wary' }));
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'ssm:DeleteParameters', Resource: '*' },
        { Effect: 'Deny', Action: 'ssm:DeleteParameters', Resource: '*', Condition: { StringEquals: { 'ssm:resourceTag/team': 'locked' } } },
      ],
    };
    await iam.send(new PutUserPolicyCommand({ UserName: 'tag-wary', PolicyName: 'deny-locked', PolicyDocument: JSON.stringify(policy) }));
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'tag-wary' }))).AccessKey;
    iam.destroy();
    const wary = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: { accessKeyId: key?.AccessKeyId ?? '', secretAccessKey: key?.SecretAccessKey ?? '' }, maxAttempts: 1 });
    const deleted = await wary.send(new DeleteParametersCommand({ Names: [`/odd/p${NUL}`] }));
    wary.destroy();
    assert.deepEqual([deleted.DeletedParameters, deleted.InvalidParameters], [[], [`/odd/p${NUL}`]]);
    assert.equal((await ssm.send(new GetParameterCommand({ Name: '/odd/p' }))).Parameter?.Value, 'v2');
  });

  test('LabelParameterVersion and UnlabelParameterVersion on a version past 2^31, either way, are ParameterVersionNotFound', async () => {
    for (const version of [2 ** 31, 2 ** 53 + 2, -(2 ** 53 + 2)]) {
      await assert.rejects(ssm.send(new LabelParameterVersionCommand({ Name: '/odd/p', ParameterVersion: version, Labels: ['x'] })), versionNotFound(String(version)));
      await assert.rejects(ssm.send(new UnlabelParameterVersionCommand({ Name: '/odd/p', ParameterVersion: version, Labels: ['l1'] })), versionNotFound(String(version)));
    }
  });

  test('UnlabelParameterVersion reports a label holding U+0000 invalid and removes the others', async () => {
    const out = await ssm.send(new UnlabelParameterVersionCommand({ Name: '/odd/p', ParameterVersion: 1, Labels: [`l1${NUL}`, 'l1'] }));
    assert.deepEqual([out.RemovedLabels, out.InvalidLabels], [['l1'], [`l1${NUL}`]]);
  });

  test('DetachUserPolicy of a policy ARN holding U+0000 is NoSuchEntity, and what is attached stays', async () => {
    const iam = new IAMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials, maxAttempts: 1 });
    await iam.send(new CreateUserCommand({ UserName: 'detacher' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'detacher', PolicyArn: READ_ONLY }));
    // XML cannot carry U+0000: the message shows U+FFFD in its place.
    await assert.rejects(iam.send(new DetachUserPolicyCommand({ UserName: 'detacher', PolicyArn: `${READ_ONLY}${NUL}` })), {
      name: 'NoSuchEntityException',
      message: `Policy ${READ_ONLY}\ufffd was not found.`,
    });
    await assert.rejects(iam.send(new DetachUserPolicyCommand({ UserName: 'nobody', PolicyArn: `${READ_ONLY}${NUL}` })), {
      name: 'NoSuchEntityException',
      message: 'The user with name nobody cannot be found.',
    });
    const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'detacher' }));
    iam.destroy();
    assert.deepEqual(attached.AttachedPolicies, [{ PolicyName: 'AmazonSSMReadOnlyAccess', PolicyArn: READ_ONLY }]);
  });

  test('a KMS alias holding U+0000 is NotFoundException; untagging a tag key holding U+0000 removes nothing', async () => {
    await assert.rejects(kms.send(new DescribeKeyCommand({ KeyId: `alias/app${NUL}` })), {
      name: 'NotFoundException',
      message: `Alias arn:aws:kms:us-east-1:${ACCOUNT}:alias/app${NUL} is not found.`,
    });
    const key = (await kms.send(new CreateKeyCommand({ Tags: [{ TagKey: 'team', TagValue: 'a' }] }))).KeyMetadata?.KeyId;
    await kms.send(new UntagResourceCommand({ KeyId: key, TagKeys: [`team${NUL}`] }));
    assert.deepEqual((await kms.send(new ListResourceTagsCommand({ KeyId: key }))).Tags, [{ TagKey: 'team', TagValue: 'a' }]);
  });
});
