import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, createTestHarness, doc, rejectsWith, trustDoc, type TestHarness } from './testing/context.js';

type Result = { EvalActionName: string; EvalResourceName: string; EvalDecision: string; MatchedStatements: Array<{ SourcePolicyId: string; SourcePolicyType: string }> };

const param = (name: string) => `arn:aws:ssm:ap-northeast-1:${ACCOUNT}:parameter/${name}`;

describe('SimulatePrincipalPolicy', () => {
  let h: TestHarness;
  before(async () => {
    h = await createTestHarness();
    await h.iam('CreateRole', { RoleName: 'go-ecs-sample', AssumeRolePolicyDocument: trustDoc({ Service: 'ecs-tasks.amazonaws.com' }) });
    await h.iam('PutRolePolicy', {
      RoleName: 'go-ecs-sample',
      PolicyName: 'params',
      PolicyDocument: doc([
        { Effect: 'Allow', Action: 'ssm:DescribeParameters', Resource: '*' },
        { Effect: 'Allow', Action: 'ssm:GetParameters', Resource: param('goecssample/*') },
        { Effect: 'Deny', Action: 'ssm:GetParameters', Resource: param('goecssample/secret') },
      ]),
    });
    await h.iam('CreateUser', { UserName: 'sim' });
    await h.iam('AttachUserPolicy', { UserName: 'sim', PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess' });
  });
  after(() => h.close());

  it('evaluates each action against each resource for a role', async () => {
    const out = await h.iam('SimulatePrincipalPolicy', {
      PolicySourceArn: `arn:aws:iam::${ACCOUNT}:role/go-ecs-sample`,
      ActionNames: ['ssm:GetParameters', 'ssm:PutParameter'],
      ResourceArns: [param('goecssample/db'), param('goecssample/secret'), param('other')],
    });
    const results = out['EvaluationResults'] as Result[];
    assert.deepEqual(
      results.map((r) => `${r.EvalActionName} ${r.EvalResourceName.split('parameter/')[1]} ${r.EvalDecision}`),
      [
        'ssm:GetParameters goecssample/db allowed',
        'ssm:GetParameters goecssample/secret explicitDeny',
        'ssm:GetParameters other implicitDeny',
        'ssm:PutParameter goecssample/db implicitDeny',
        'ssm:PutParameter goecssample/secret implicitDeny',
        'ssm:PutParameter other implicitDeny',
      ],
    );
    assert.deepEqual(results[0]?.MatchedStatements, [{ SourcePolicyId: 'params', SourcePolicyType: 'role' }]);
    assert.equal(out['IsTruncated'], false);
  });

  it('names AWS managed policies as the matched source for a user', async () => {
    const out = await h.iam('SimulatePrincipalPolicy', { PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/sim`, ActionNames: ['ssm:GetParameter'] });
    const [result] = out['EvaluationResults'] as Result[];
    assert.equal(result?.EvalResourceName, '*');
    assert.equal(result?.EvalDecision, 'allowed');
    assert.deepEqual(result?.MatchedStatements, [{ SourcePolicyId: 'AmazonSSMReadOnlyAccess', SourcePolicyType: 'aws-managed' }]);
  });

  it('adds PolicyInputList policies to the principal’s own', async () => {
    const out = await h.iam('SimulatePrincipalPolicy', {
      PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/sim`,
      ActionNames: ['ssm:GetParameter'],
      PolicyInputList: [doc({ Effect: 'Deny', Action: 'ssm:*', Resource: '*' })],
    });
    assert.equal((out['EvaluationResults'] as Result[])[0]?.EvalDecision, 'explicitDeny');
  });

  it('reports a missing principal and an ARN that is not a user, group or role', async () => {
    await rejectsWith(h.iam('SimulatePrincipalPolicy', { PolicySourceArn: `arn:aws:iam::${ACCOUNT}:user/ghost`, ActionNames: ['s3:ListBucket'] }), 'NoSuchEntity', 404, 'The user with name ghost cannot be found.');
    await rejectsWith(h.iam('SimulatePrincipalPolicy', { PolicySourceArn: `arn:aws:iam::${ACCOUNT}:policy/x`, ActionNames: ['s3:ListBucket'] }), 'InvalidInput', 400);
  });
});

describe('user tags', () => {
  let h: TestHarness;
  before(async () => {
    h = await createTestHarness();
    await h.iam('CreateUser', { UserName: 'tagged' });
  });
  after(() => h.close());

  it('tags, lists and untags a user', async () => {
    await h.iam('TagUser', { UserName: 'tagged', Tags: [{ Key: 'team', Value: 'a' }, { Key: 'cost', Value: '1' }] });
    const tags = (await h.iam('ListUserTags', { UserName: 'tagged' }))['Tags'] as Array<{ Key: string }>;
    assert.deepEqual(tags.map((t) => t.Key).sort(), ['cost', 'team']);
    await h.iam('UntagUser', { UserName: 'tagged', TagKeys: ['cost', 'absent'] });
    assert.deepEqual((await h.iam('ListUserTags', { UserName: 'tagged' }))['Tags'], [{ Key: 'team', Value: 'a' }]);
    const user = (await h.iam('GetUser', { UserName: 'tagged' }))['User'] as { Tags: unknown };
    assert.deepEqual(user.Tags, [{ Key: 'team', Value: 'a' }]);
  });

  it('reports a missing user', async () => {
    await rejectsWith(h.iam('TagUser', { UserName: 'ghost', Tags: [{ Key: 'a', Value: 'b' }] }), 'NoSuchEntity', 404, 'The user with name ghost cannot be found.');
    await rejectsWith(h.iam('UntagUser', { UserName: 'ghost', TagKeys: ['a'] }), 'NoSuchEntity', 404);
    await rejectsWith(h.iam('ListUserTags', { UserName: 'ghost' }), 'NoSuchEntity', 404);
  });

  it('refuses duplicate keys in one request', async () => {
    await rejectsWith(h.iam('TagUser', { UserName: 'tagged', Tags: [{ Key: 'k', Value: '1' }, { Key: 'K', Value: '2' }] }), 'InvalidInput', 400);
  });
});
