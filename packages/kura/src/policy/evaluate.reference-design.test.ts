// The reference design's own policies (an ECS service reading its database credentials from
// Parameter Store, which the README walks through): an ECS task role trusted by
// ecs-tasks.amazonaws.com, allowed ssm:DescribeParameters on *, ssm:GetParameters under
// /goecssample/ and kms:Decrypt on one key whose policy is KMS's default (delegation to the
// account). As that role, reads under /goecssample/ succeed and decrypt; everything else is denied.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessDeniedMessage } from './deny-message.js';
import { ACCOUNT, decide, keyPolicy, kind, REGION, roleArn, rootArn, service, session, trustPolicy, user } from './testing/evaluate-kit.js';
import type { SourcedPolicy } from './evaluation-types.js';
import { parsePolicy } from './parse-policy.js';

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0d4a7c25-9f4e-4b8e-8d2f-3c1b2a9e7f10`;
const OTHER_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/ffffffff-0000-4000-8000-000000000000`;
const param = (name: string) => `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter${name}`;

// As written in the reference (trust.json, go-ecs-secret-access.json), with the placeholders filled.
const trust = trustPolicy(
  [{ Sid: '', Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  roleArn('go-ecs-sample'),
);
const access: SourcedPolicy = {
  policy: parsePolicy(
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['ssm:DescribeParameters'], Resource: '*' },
        { Sid: 'Stmt1482841904000', Effect: 'Allow', Action: ['ssm:GetParameters'], Resource: [`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/goecssample/*`] },
        { Sid: 'Stmt1482841948000', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [KEY] },
      ],
    }),
    'identity',
    { requireVersion2012: true },
  ),
  source: { type: 'managed', id: `arn:aws:iam::${ACCOUNT}:policy/go-ecs-sample` },
};
// `aws kms create-key` without --policy gets the default key policy.
const defaultKeyPolicy = (key: string) =>
  keyPolicy({ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: rootArn }, Action: 'kms:*', Resource: '*' }, key);

const task = session('go-ecs-sample', 'a1b2c3d4e5f6');
const asTask = (action: string, resource: string, extra: { key?: string } = {}) =>
  decide({ identity: [access], ...(extra.key === undefined ? {} : { resource: defaultKeyPolicy(extra.key) }) }, { principal: task, action, resource });

describe('reference design', () => {
  it('lets ECS tasks assume the role, and nobody else', () => {
    const ask = { action: 'sts:AssumeRole', resource: roleArn('go-ecs-sample') };
    assert.equal(kind({ resource: trust }, { ...ask, principal: service('ecs-tasks.amazonaws.com') }), 'Allow');
    assert.equal(kind({ resource: trust }, { ...ask, principal: user('admin') }), 'ImplicitDeny');
    assert.equal(kind({ resource: trust }, { ...ask, principal: service('ec2.amazonaws.com') }), 'ImplicitDeny');
  });

  it('allows what the task needs', () => {
    assert.equal(asTask('ssm:DescribeParameters', '*').decision, 'Allow');
    for (const name of ['user', 'password', 'host', 'name', 'port']) {
      assert.equal(asTask('ssm:GetParameters', param(`/goecssample/database/sample/master/${name}`)).decision, 'Allow', name);
    }
    const decrypt = asTask('kms:Decrypt', KEY, { key: KEY });
    assert.deepEqual(decrypt.statement, { source: access.source, sid: 'Stmt1482841948000', index: 2 });
  });

  it('denies everything else, with AWS messages', () => {
    const outside = asTask('ssm:GetParameters', param('/other/secret'));
    assert.equal(
      accessDeniedMessage(task.arn, 'ssm:GetParameters', param('/other/secret'), outside),
      `User: ${task.arn} is not authorized to perform: ssm:GetParameters on resource: ${param('/other/secret')} because no identity-based policy allows the ssm:GetParameters action`,
    );
    assert.equal(asTask('ssm:GetParameters', param('/goecssample')).decision, 'ImplicitDeny');
    assert.equal(asTask('ssm:GetParameters', param('/goecssampleX/a')).decision, 'ImplicitDeny');
    // Only GetParameters is granted: the singular and by-path reads are other actions.
    assert.equal(asTask('ssm:GetParameter', param('/goecssample/database/sample/master/user')).decision, 'ImplicitDeny');
    assert.equal(asTask('ssm:GetParametersByPath', param('/goecssample/')).decision, 'ImplicitDeny');
    assert.equal(asTask('ssm:PutParameter', param('/goecssample/x')).decision, 'ImplicitDeny');
    assert.equal(asTask('kms:Encrypt', KEY, { key: KEY }).decision, 'ImplicitDeny');
    assert.equal(asTask('kms:Decrypt', OTHER_KEY, { key: OTHER_KEY }).policyType, 'identity-based policy');
  });

  it('denies decryption when the key policy does not delegate to the account, despite IAM', () => {
    const locked = keyPolicy({ Effect: 'Allow', Principal: { AWS: roleArn('admin') }, Action: 'kms:*', Resource: '*' }, KEY);
    assert.deepEqual(decide({ identity: [access], resource: locked }, { principal: task, action: 'kms:Decrypt', resource: KEY }), {
      decision: 'ImplicitDeny',
      policyType: 'resource-based policy',
    });
  });
});
