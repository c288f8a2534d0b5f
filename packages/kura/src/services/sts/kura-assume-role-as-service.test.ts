import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN, ACCOUNT, createTestHarness, doc, rejectsWith, sessionPrincipal, trustDoc, userPrincipal, type TestHarness } from '../iam/testing/context.js';
import type { Principal } from '../context.js';
import { decodeKuraAssumeRoleAsServiceInput, encodeKuraAssumeRoleAsServiceOutput } from './kura-sts-model.js';

type Assumed = { Credentials: { AccessKeyId: string; Expiration: Date }; AssumedRoleUser: { AssumedRoleId: string; Arn: string } };

const ECS = 'ecs-tasks.amazonaws.com';
const roleArn = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:role${path}${name}`;

describe('KuraAssumeRoleAsService', () => {
  let h: TestHarness;
  const call = async (principal: Principal, input: Record<string, unknown>) =>
    (await h.sts('KuraAssumeRoleAsService', { ServicePrincipal: ECS, RoleSessionName: 'task-1', ...input }, h.as(principal))) as unknown as Assumed;

  before(async () => {
    h = await createTestHarness();
    await h.iam('CreateRole', { RoleName: 'go-ecs-sample', Path: '/tasks/', AssumeRolePolicyDocument: trustDoc({ Service: ECS }) });
    await h.iam('CreateRole', { RoleName: 'admin-only', AssumeRolePolicyDocument: trustDoc({ AWS: ADMIN.arn }) });
    await h.iam('CreateRole', {
      RoleName: 'conditional',
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: ECS }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT } } }),
    });
    await h.iam('CreateRole', {
      RoleName: 'other-account',
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: ECS }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'aws:SourceAccount': '999999999999' } } }),
    });
  });
  after(() => h.close());

  it('gives the administrator a task role session as ecs-tasks.amazonaws.com', async () => {
    const out = await call(ADMIN, { RoleArn: roleArn('go-ecs-sample', '/tasks/') });
    assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/go-ecs-sample/task-1`);
    assert.equal(out.Credentials.Expiration.getTime(), h.clock.now.getTime() + 3600_000);
    const session = await h.store.sessions.find(out.Credentials.AccessKeyId);
    assert.equal(session?.kind, 'assumed-role');
    assert.equal(session?.sourcePrincipalArn, ADMIN.arn);
    assert.equal(session?.chained, false);
  });

  it('audits the administrator’s own permission to act as the service', async () => {
    const overrides = h.as(ADMIN);
    await h.sts('KuraAssumeRoleAsService', { RoleArn: roleArn('go-ecs-sample', '/tasks/'), RoleSessionName: 't', ServicePrincipal: ECS }, overrides);
    const checks = (overrides.access as unknown as { checks: Array<{ action: string; resource: string }> }).checks;
    assert.deepEqual(checks.map((c) => [c.action, c.resource]), [['kura:AssumeRoleAsService', roleArn('go-ecs-sample', '/tasks/')]]);
  });

  it('evaluates trust policy conditions with aws:SourceAccount', async () => {
    await call(ADMIN, { RoleArn: roleArn('conditional') });
    await rejectsWith(call(ADMIN, { RoleArn: roleArn('other-account') }), 'AccessDenied', 403, /^Service: ecs-tasks\.amazonaws\.com is not authorized to perform: sts:AssumeRole/);
  });

  it('refuses a role whose trust policy does not name the service, or a missing role', async () => {
    const expected = (arn: string) => `Service: ${ECS} is not authorized to perform: sts:AssumeRole on resource: ${arn} because no role trust policy allows the sts:AssumeRole action`;
    await rejectsWith(call(ADMIN, { RoleArn: roleArn('admin-only') }), 'AccessDenied', 403, expected(roleArn('admin-only')));
    await rejectsWith(call(ADMIN, { RoleArn: roleArn('missing') }), 'AccessDenied', 403, expected(roleArn('missing')));
  });

  it('refuses every caller but the administrator’s long-term key', async () => {
    const user = (await h.iam('CreateUser', { UserName: 'runner' }))['User'] as { Arn: string; UserId: string };
    await h.iam('AttachUserPolicy', { UserName: 'runner', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' });
    await rejectsWith(call(userPrincipal(user), { RoleArn: roleArn('go-ecs-sample', '/tasks/') }), 'AccessDenied', 403, /only the bootstrap administrator/);
    const assumed = await h.sts('AssumeRole', { RoleArn: roleArn('admin-only'), RoleSessionName: 's' }, h.as(ADMIN));
    const session = await h.store.sessions.find((assumed['Credentials'] as { AccessKeyId: string }).AccessKeyId);
    assert.ok(session);
    await rejectsWith(call(sessionPrincipal(session), { RoleArn: roleArn('go-ecs-sample', '/tasks/') }), 'AccessDenied', 403);
  });

  it('honours an explicit deny in the administrator’s policies', async () => {
    await h.iam('PutUserPolicy', { UserName: 'admin', PolicyName: 'no-service', PolicyDocument: doc({ Effect: 'Deny', Action: 'kura:AssumeRoleAsService', Resource: '*' }) });
    await rejectsWith(call(ADMIN, { RoleArn: roleArn('go-ecs-sample', '/tasks/') }), 'AccessDenied', 403, /explicit deny/);
    await h.iam('DeleteUserPolicy', { UserName: 'admin', PolicyName: 'no-service' });
  });

  it('refuses other service principals and durations over the role maximum', async () => {
    await rejectsWith(call(ADMIN, { RoleArn: roleArn('go-ecs-sample', '/tasks/'), ServicePrincipal: 'lambda.amazonaws.com' }), 'ValidationError', 400);
    await rejectsWith(
      call(ADMIN, { RoleArn: roleArn('go-ecs-sample', '/tasks/'), DurationSeconds: 7200 }),
      'ValidationError',
      400,
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  });

  it('is the only way to act as a service: AssumeRole evaluates the caller as itself', async () => {
    await rejectsWith(h.sts('AssumeRole', { RoleArn: roleArn('go-ecs-sample', '/tasks/'), RoleSessionName: 's' }, h.as(ADMIN)), 'AccessDenied', 403, /because no role trust policy allows/);
  });

  it('decodes its form parameters with the model’s constraints', () => {
    const input = decodeKuraAssumeRoleAsServiceInput(
      new URLSearchParams({ RoleArn: roleArn('go-ecs-sample', '/tasks/'), RoleSessionName: 'task-1', ServicePrincipal: ECS, DurationSeconds: '900' }),
    );
    assert.deepEqual(input, { RoleArn: roleArn('go-ecs-sample', '/tasks/'), RoleSessionName: 'task-1', ServicePrincipal: ECS, DurationSeconds: 900 });
    assert.throws(
      () => decodeKuraAssumeRoleAsServiceInput(new URLSearchParams({ RoleArn: roleArn('x'), RoleSessionName: 't', ServicePrincipal: 'lambda.amazonaws.com' })),
      (error: Error & { code?: string }) => error.code === 'ValidationError' && /roleSessionName/.test(error.message) && /servicePrincipal/.test(error.message),
    );
  });

  it('encodes its result as AssumeRole’s, under its own response element', () => {
    const xml = encodeKuraAssumeRoleAsServiceOutput(
      { Credentials: { AccessKeyId: 'ASIAX', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date('2024-05-01T13:00:00Z') }, AssumedRoleUser: { AssumedRoleId: 'AROAX:t', Arn: 'arn' } },
      'req-1',
    );
    assert.ok(xml.startsWith('<KuraAssumeRoleAsServiceResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><KuraAssumeRoleAsServiceResult>'));
    assert.match(xml, /<Credentials><AccessKeyId>ASIAX<\/AccessKeyId><SecretAccessKey>s<\/SecretAccessKey><SessionToken>t<\/SessionToken><Expiration>2024-05-01T13:00:00Z<\/Expiration><\/Credentials>/);
    assert.match(xml, /<RequestId>req-1<\/RequestId>/);
  });
});
