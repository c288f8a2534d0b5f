// Policy variables (IAM "Variables and tags"): substituted only under
// Version 2012-10-17, inserted as literal text, never widening an Allow when unresolvable.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identity, keyArn, keyPolicy, kind, param, roleArn, session, user } from './testing/evaluate-kit.js';
import { parseTemplate } from './policy-variables.js';

const HOME = param('home/${aws:username}/*');
const home = (version: string | null = '2012-10-17') =>
  identity({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: HOME }, version);
const get = (resource: string, name: string, extra: Record<string, string> = {}) => ({
  principal: user(name),
  action: 'ssm:GetParameter',
  resource,
  context: { 'aws:username': name, ...extra },
});

describe('policy variables', () => {
  it('substitutes ${aws:username} in the resource part', () => {
    assert.equal(kind({ identity: [home()] }, get(param('home/alice/db'), 'alice')), 'Allow');
    assert.equal(kind({ identity: [home()] }, get(param('home/bob/db'), 'alice')), 'ImplicitDeny');
  });

  it('keeps variables literal without Version 2012-10-17', () => {
    for (const version of [null, '2008-10-17']) {
      assert.equal(kind({ identity: [home(version)] }, get(param('home/alice/db'), 'alice')), 'ImplicitDeny');
      assert.equal(kind({ identity: [home(version)] }, get(param('home/${aws:username}/db'), 'alice')), 'Allow');
    }
  });

  it('inserts values literally: a user named * or a?c gains nothing', () => {
    assert.equal(kind({ identity: [home()] }, get(param('home/bob/db'), '*')), 'ImplicitDeny');
    assert.equal(kind({ identity: [home()] }, get(param('home/*/db'), '*')), 'Allow');
    assert.equal(kind({ identity: [home()] }, get(param('home/abc/db'), 'a?c')), 'ImplicitDeny');
    const tagged = identity({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: param('${aws:PrincipalTag/team}/*') });
    assert.equal(kind({ identity: [tagged] }, get(param('payroll/x'), 'alice', { 'aws:PrincipalTag/team': '*' })), 'ImplicitDeny');
    assert.equal(kind({ identity: [tagged] }, get(param('a/b/x'), 'alice', { 'aws:PrincipalTag/team': 'a/b' })), 'Allow');
  });

  it('makes a statement with an unresolvable variable not apply (never widens an Allow)', () => {
    const roleSession = { principal: session(), action: 'ssm:GetParameter', resource: param('home/x/db'), context: {} };
    assert.equal(kind({ identity: [home()] }, roleSession), 'ImplicitDeny');
    const notResource = identity({ Effect: 'Allow', Action: 'ssm:GetParameter', NotResource: param('home/${aws:username}/*') });
    assert.equal(kind({ identity: [notResource] }, roleSession), 'ImplicitDeny');
    const negated = identity({ Effect: 'Allow', Action: 'ssm:*', Resource: '*', Condition: { StringNotEquals: { 'aws:PrincipalTag/team': '${aws:PrincipalTag/other}' } } });
    assert.equal(kind({ identity: [negated] }, roleSession), 'ImplicitDeny');
    const malformed = identity({ Effect: 'Allow', Action: 'ssm:*', Resource: param('${aws:username') });
    assert.equal(kind({ identity: [malformed] }, get(param('${aws:username'), 'alice')), 'ImplicitDeny');
  });

  it('uses the default of ${key, \'default\'} when the key is absent', () => {
    const p = identity({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: param("${aws:PrincipalTag/team, 'company-wide'}/*") });
    assert.equal(kind({ identity: [p] }, get(param('company-wide/x'), 'alice')), 'Allow');
    assert.equal(kind({ identity: [p] }, get(param('payroll/x'), 'alice', { 'aws:PrincipalTag/team': 'payroll' })), 'Allow');
    assert.equal(kind({ identity: [p] }, get(param('company-wide/x'), 'alice', { 'aws:PrincipalTag/team': 'payroll' })), 'ImplicitDeny');
  });

  it('substitutes only in the resource part of an ARN, as AWS documents', () => {
    const p = identity({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: 'arn:aws:ssm:${aws:RequestedRegion}:111122223333:parameter/*' });
    assert.equal(kind({ identity: [p] }, get(param('x'), 'alice', { 'aws:RequestedRegion': 'eu-west-1' })), 'ImplicitDeny');
  });

  it('reads ${*}, ${?} and ${$} as the literal characters', () => {
    const p = identity({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: param('a${*}b${?}c${$}d') });
    assert.equal(kind({ identity: [p] }, get(param('a*b?c$d'), 'alice')), 'Allow');
    assert.equal(kind({ identity: [p] }, get(param('axxbyc$d'), 'alice')), 'ImplicitDeny');
  });

  it('looks variable keys up case-insensitively and supports aws:userid and aws:SourceIdentity', () => {
    const p = identity({ Effect: 'Allow', Action: 'ssm:GetParameter', Resource: [param('${AWS:UserID}/*'), param('src/${aws:sourceidentity}')] });
    const s = session('app', 'task');
    const context = { 'aws:userid': 'AROAEXAMPLE:task', 'aws:SourceIdentity': 'ci' };
    assert.equal(kind({ identity: [p] }, { principal: s, action: 'ssm:GetParameter', resource: param('AROAEXAMPLE:task/x'), context }), 'Allow');
    assert.equal(kind({ identity: [p] }, { principal: s, action: 'ssm:GetParameter', resource: param('src/ci'), context }), 'Allow');
  });

  it('substitutes in String and Arn condition values, e.g. a per-user encryption context', () => {
    const kp = keyPolicy({ Effect: 'Allow', Principal: { AWS: roleArn('TestTeam') }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:user': '${aws:username}' } } });
    const base = { principal: session('TestTeam', 'bob'), action: 'kms:Decrypt', resource: keyArn() };
    assert.equal(kind({ resource: kp }, { ...base, context: { 'aws:username': 'bob', 'kms:EncryptionContext:user': 'bob' } }), 'Allow');
    assert.equal(kind({ resource: kp }, { ...base, context: { 'aws:username': 'bob', 'kms:EncryptionContext:user': 'alice' } }), 'ImplicitDeny');
    const arn = identity({ Effect: 'Allow', Action: 'ssm:*', Resource: '*', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:*:${aws:PrincipalAccount}:task/*' } } });
    const ctx = { 'aws:PrincipalAccount': '111122223333', 'aws:SourceArn': 'arn:aws:ecs:eu-west-1:111122223333:task/c/1' };
    assert.equal(kind({ identity: [arn] }, { action: 'ssm:GetParameter', resource: param('a'), context: ctx }), 'Allow');
  });

  it('does not substitute in Numeric operators (AWS does not), so such a statement never applies', () => {
    const p = identity({ Effect: 'Allow', Action: 'ssm:*', Resource: '*', Condition: { NumericNotEquals: { 'ssm:x': '${aws:PrincipalTag/n}' } } });
    assert.equal(kind({ identity: [p] }, { action: 'ssm:GetParameter', resource: param('a'), context: { 'ssm:x': '1', 'aws:PrincipalTag/n': '2' } }), 'ImplicitDeny');
  });

  it('parses templates, refusing malformed ones', () => {
    assert.deepEqual(parseTemplate("x${aws:PrincipalTag/t, 'd e'}y"), [
      { kind: 'text', text: 'x' },
      { kind: 'var', key: 'aws:principaltag/t', fallback: 'd e' },
      { kind: 'text', text: 'y' },
    ]);
    for (const bad of ['${', '${}', '${a', "${a, 'b}", "${a, b}", '${a b}']) assert.equal(parseTemplate(bad), undefined, bad);
  });
});
