import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeQueryInput } from '../../wire/query-input.js';
import { stsModel } from './model.js';
import { ADMIN, ACCOUNT, createTestHarness, rejectsWith, sessionPrincipal, trustDoc, type TestHarness } from '../iam/testing/context.js';
import { denyAll } from '../iam/testing/access.js';

type Creds = { AccessKeyId: string; Expiration: Date };

describe('GetCallerIdentity', () => {
  let h: TestHarness;
  before(async () => {
    h = await createTestHarness();
  });
  after(() => h.close());

  it('answers for a user even when every check would be denied', async () => {
    const out = await h.sts('GetCallerIdentity', {}, { access: denyAll(ADMIN.arn) });
    assert.deepEqual(out, { UserId: ADMIN.userId, Account: ACCOUNT, Arn: ADMIN.arn });
  });

  it('answers for a role session with the session id and ARN', async () => {
    await h.iam('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trustDoc({ AWS: ADMIN.arn }) });
    const assumed = await h.sts('AssumeRole', { RoleArn: `arn:aws:iam::${ACCOUNT}:role/r`, RoleSessionName: 'me' }, h.as(ADMIN));
    const session = await h.store.sessions.find((assumed['Credentials'] as Creds).AccessKeyId);
    assert.ok(session);
    const out = await h.sts('GetCallerIdentity', {}, { principal: sessionPrincipal(session), access: denyAll(session.principalArn) });
    assert.equal(out['Arn'], `arn:aws:sts::${ACCOUNT}:assumed-role/r/me`);
    assert.match(String(out['UserId']), /^AROA[A-Z2-7]{17}:me$/);
  });
});

describe('GetSessionToken', () => {
  let h: TestHarness;
  before(async () => {
    h = await createTestHarness();
  });
  after(() => h.close());

  it('issues credentials that act as the calling user, for 12 hours by default', async () => {
    const out = await h.sts('GetSessionToken', {});
    const creds = out['Credentials'] as Creds;
    assert.match(creds.AccessKeyId, /^ASIA/);
    assert.equal(creds.Expiration.getTime(), h.clock.now.getTime() + 43_200_000);
    const session = await h.store.sessions.find(creds.AccessKeyId);
    assert.equal(session?.kind, 'session-token');
    assert.equal(session?.principalArn, ADMIN.arn);
    assert.equal(session?.principalId, ADMIN.userId);
  });

  it('honours DurationSeconds within 900–129600 (the model bounds it)', async () => {
    const out = await h.sts('GetSessionToken', { DurationSeconds: 129_600 });
    assert.equal((out['Credentials'] as Creds).Expiration.getTime(), h.clock.now.getTime() + 129_600_000);
    assert.throws(() => decodeQueryInput(stsModel, 'GetSessionToken', new URLSearchParams({ DurationSeconds: '129601' })), /less than or equal to 129600/);
  });

  it('refuses to be called with session credentials, with AWS text', async () => {
    const out = await h.sts('GetSessionToken', {});
    const session = await h.store.sessions.find((out['Credentials'] as Creds).AccessKeyId);
    assert.ok(session);
    await rejectsWith(h.sts('GetSessionToken', {}, { principal: sessionPrincipal(session) }), 'AccessDenied', 403, 'Cannot call GetSessionToken with session credentials');
  });

  it('expires sessions: expired ones are swept from the store', async () => {
    const out = await h.sts('GetSessionToken', { DurationSeconds: 900 });
    const id = (out['Credentials'] as Creds).AccessKeyId;
    h.clock.now = new Date(h.clock.now.getTime() + 901_000);
    await h.store.sessions.deleteExpired(h.clock.now);
    assert.equal(await h.store.sessions.find(id), undefined);
  });
});

describe('AssumeRole with a denying ctx.access', () => {
  let h: TestHarness;
  before(async () => {
    h = await createTestHarness();
    await h.iam('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: trustDoc({ AWS: ADMIN.arn }) });
  });
  after(() => h.close());

  it('issues nothing when the trust check is denied, and asks with the role’s trust policy', async () => {
    const access = denyAll(ADMIN.arn);
    const arn = `arn:aws:iam::${ACCOUNT}:role/r`;
    await rejectsWith(
      h.sts('AssumeRole', { RoleArn: arn, RoleSessionName: 's' }, { access }),
      'AccessDenied',
      403,
      `User: ${ADMIN.arn} is not authorized to perform: sts:AssumeRole on resource: ${arn} because no identity-based policy allows the sts:AssumeRole action`,
    );
    assert.equal(access.checks[0]?.resourcePolicy?.kind, 'role-trust');
    assert.equal(access.checks[0]?.context?.['sts:RoleSessionName'], 's');
  });
});

