import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACCOUNT, createTestHarness, doc, rejectsWith, trustDoc, type TestHarness } from './testing/context.js';

const small = (sid: string) => doc([{ Sid: sid, Effect: 'Allow', Action: 'ssm:GetParameter', Resource: '*' }]);
const padded = (size: number) => doc([{ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/${'a'.repeat(size)}` }]);

describe('IAM attachments and inline policies', () => {
  let h: TestHarness;
  const policies: string[] = [];
  before(async () => {
    h = await createTestHarness();
    await h.iam('CreateUser', { UserName: 'u' });
    await h.iam('CreateGroup', { GroupName: 'g' });
    await h.iam('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trustDoc({ Service: 'ecs-tasks.amazonaws.com' }), Path: '/svc/' });
    for (let i = 0; i < 11; i += 1) {
      const out = await h.iam('CreatePolicy', { PolicyName: `p${i}`, PolicyDocument: small('A'), Path: i === 0 ? '/special/' : '/' });
      policies.push((out['Policy'] as { Arn: string }).Arn);
    }
  });
  after(() => h.close());

  for (const [kind, member] of [
    ['User', 'UserName'],
    ['Group', 'GroupName'],
    ['Role', 'RoleName'],
  ] as const) {
    const name = kind === 'User' ? 'u' : kind === 'Group' ? 'g' : 'r';
    const lower = kind.toLowerCase();

    it(`attaches up to 10 managed policies to a ${lower}, then refuses with AWS quota text`, async () => {
      for (const arn of policies.slice(0, 10)) await h.iam(`Attach${kind}Policy`, { [member]: name, PolicyArn: arn });
      // Attaching the same policy again changes nothing.
      await h.iam(`Attach${kind}Policy`, { [member]: name, PolicyArn: policies[0] });
      await rejectsWith(h.iam(`Attach${kind}Policy`, { [member]: name, PolicyArn: policies[10] }), 'LimitExceeded', 409, `Cannot exceed quota for PoliciesPer${kind}: 10`);
    });

    it(`lists a ${lower}'s attached policies, filtered by policy path`, async () => {
      const all = (await h.iam(`ListAttached${kind}Policies`, { [member]: name }))['AttachedPolicies'] as Array<{ PolicyArn: string }>;
      assert.equal(all.length, 10);
      const special = (await h.iam(`ListAttached${kind}Policies`, { [member]: name, PathPrefix: '/special/' }))['AttachedPolicies'];
      assert.deepEqual(special, [{ PolicyName: 'p0', PolicyArn: policies[0] }]);
    });

    it(`detaches from a ${lower} and reports what is not attached`, async () => {
      for (const arn of policies.slice(0, 10)) await h.iam(`Detach${kind}Policy`, { [member]: name, PolicyArn: arn });
      await rejectsWith(h.iam(`Detach${kind}Policy`, { [member]: name, PolicyArn: policies[0] }), 'NoSuchEntity', 404, `Policy ${policies[0]} was not found.`);
    });

    it(`refuses to attach a missing policy, or to a missing ${lower}`, async () => {
      const missing = `arn:aws:iam::${ACCOUNT}:policy/missing`;
      await rejectsWith(h.iam(`Attach${kind}Policy`, { [member]: name, PolicyArn: missing }), 'NoSuchEntity', 404, `Policy ${missing} does not exist or is not attachable.`);
      await rejectsWith(h.iam(`Attach${kind}Policy`, { [member]: 'ghost', PolicyArn: policies[0] }), 'NoSuchEntity', 404, `The ${lower} with name ghost cannot be found.`);
      await rejectsWith(h.iam(`ListAttached${kind}Policies`, { [member]: 'ghost' }), 'NoSuchEntity', 404, `The ${lower} with name ghost cannot be found.`);
    });

    it(`puts, replaces, gets (URL-encoded), lists and deletes ${lower} inline policies`, async () => {
      await h.iam(`Put${kind}Policy`, { [member]: name, PolicyName: 'inline', PolicyDocument: small('A') });
      await h.iam(`Put${kind}Policy`, { [member]: name, PolicyName: 'inline', PolicyDocument: small('B') });
      const got = await h.iam(`Get${kind}Policy`, { [member]: name.toUpperCase(), PolicyName: 'inline' });
      assert.deepEqual(got, { [member]: name, PolicyName: 'inline', PolicyDocument: encodeURIComponent(small('B')) });
      assert.deepEqual((await h.iam(`List${kind}Policies`, { [member]: name }))['PolicyNames'], ['inline']);
      await h.iam(`Delete${kind}Policy`, { [member]: name, PolicyName: 'inline' });
      await rejectsWith(h.iam(`Get${kind}Policy`, { [member]: name, PolicyName: 'inline' }), 'NoSuchEntity', 404, `The ${lower} policy with name inline cannot be found.`);
      await rejectsWith(h.iam(`Delete${kind}Policy`, { [member]: name, PolicyName: 'inline' }), 'NoSuchEntity', 404, `The ${lower} policy with name inline cannot be found.`);
      await rejectsWith(h.iam(`Put${kind}Policy`, { [member]: 'ghost', PolicyName: 'x', PolicyDocument: small('A') }), 'NoSuchEntity', 404, `The ${lower} with name ghost cannot be found.`);
    });

    it(`refuses a malformed ${lower} inline policy`, async () => {
      const withPrincipal = doc([{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }]);
      await rejectsWith(h.iam(`Put${kind}Policy`, { [member]: name, PolicyName: 'x', PolicyDocument: withPrincipal }), 'MalformedPolicyDocument', 400, 'Policy document should not specify a principal.');
    });
  }

  it('limits the inline policies of a user to 2048 characters in total, without whitespace', async () => {
    await h.iam('PutUserPolicy', { UserName: 'u', PolicyName: 'one', PolicyDocument: padded(1000) });
    await rejectsWith(h.iam('PutUserPolicy', { UserName: 'u', PolicyName: 'two', PolicyDocument: padded(1000) }), 'LimitExceeded', 409, 'Maximum policy size of 2048 bytes exceeded for user u');
    // Replacing a policy counts the new text instead of the old one.
    await h.iam('PutUserPolicy', { UserName: 'u', PolicyName: 'one', PolicyDocument: padded(1800) });
    // Whitespace does not count.
    await h.iam('PutUserPolicy', { UserName: 'u', PolicyName: 'one', PolicyDocument: JSON.stringify(JSON.parse(padded(1800)), null, 40) });
  });

  it('limits the inline policies of a group to 5120 and of a role to 10240 characters', async () => {
    await h.iam('PutGroupPolicy', { GroupName: 'g', PolicyName: 'one', PolicyDocument: padded(4900) });
    await rejectsWith(h.iam('PutGroupPolicy', { GroupName: 'g', PolicyName: 'two', PolicyDocument: padded(100) }), 'LimitExceeded', 409, 'Maximum policy size of 5120 bytes exceeded for group g');
    await h.iam('PutRolePolicy', { RoleName: 'r', PolicyName: 'one', PolicyDocument: padded(9000) });
    await rejectsWith(h.iam('PutRolePolicy', { RoleName: 'r', PolicyName: 'two', PolicyDocument: padded(1200) }), 'LimitExceeded', 409, 'Maximum policy size of 10240 bytes exceeded for role r');
  });
});
