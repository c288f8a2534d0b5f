import { test } from 'node:test';
import assert from 'node:assert/strict';
import { branchMark, levelSimulations, parameterMark, type LevelParameter } from './can-read-model.js';
import { ssmArn } from './read-model.js';
import type { Evaluation } from './simulation.js';
import { simulateWithKura } from './testing/simulate-with-kura.js';

const where = { region: 'us-east-1', account: '000000000000' };
const arn = (p: string) => ssmArn(where.region, where.account, p);
const keyArn = 'arn:aws:kms:us-east-1:000000000000:key/3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const e = (action: string, resource: string, decision: Evaluation['decision'], sources: string[] = []): Evaluation => ({ action, resource, decision, sources });

const password: LevelParameter = { name: '/app/password', secure: true, keyArn };
const user: LevelParameter = { name: '/app/user', secure: false, keyArn: undefined };

test('one level is at most three batched simulations, the root asking about itself too', () => {
  const sims = levelSimulations(where, ['/app', '/other'], [password, user, { ...password, name: '/app/other-secret' }], '/');
  assert.deepEqual(sims[0]?.actions, ['ssm:GetParametersByPath']);
  assert.deepEqual(sims[0]?.resources, [arn('/'), arn('/app'), arn('/other')]);
  assert.deepEqual(sims[0]?.context, [{ name: 'ssm:Recursive', values: ['true'], type: 'boolean' }]);
  assert.deepEqual(sims[1]?.resources, [arn('/app/password'), arn('/app/user'), arn('/app/other-secret')]);
  assert.deepEqual(sims[2]?.resources, [keyArn], 'one key asked once');
  assert.equal(levelSimulations(where, [], [user]).length, 1, 'nothing to ask is not asked');
});

test('a branch is readable on its own path, or through a readable path above', () => {
  const evals = [e('ssm:GetParametersByPath', arn('/goecssample'), 'allowed', ['go-ecs-sample']), e('ssm:GetParametersByPath', arn('/other'), 'implicitDeny')];
  assert.deepEqual(branchMark(where, evals, '/goecssample', undefined), { own: 'allowed', sources: ['go-ecs-sample'], readable: true, through: undefined });
  assert.deepEqual(branchMark(where, evals, '/other', undefined), { own: 'implicitDeny', sources: [], readable: false, through: undefined });
  assert.equal(branchMark(where, evals, '/other', '/').through, '/');
  assert.equal(branchMark(where, [], '/x', undefined).own, 'implicitDeny');
});

test('a SecureString read by path with kms:Decrypt is readable', () => {
  const mark = parameterMark(where, [e('ssm:GetParameters', arn('/app/password'), 'allowed', ['p']), e('kms:Decrypt', keyArn, 'allowed', ['k'])], password, '/app');
  assert.deepEqual(mark.via, ['ssm:GetParameters', 'by path /app']);
  assert.equal(mark.readable, true);
  assert.equal(mark.ciphertextOnly, false);
  assert.deepEqual(mark.sources, ['p', 'k']);
});

test('without kms:Decrypt a SecureString comes back encrypted; without any read it is not readable', () => {
  const noKey = parameterMark(where, [e('ssm:GetParameter', arn('/app/password'), 'allowed')], password, undefined);
  assert.equal(noKey.readable, false);
  assert.equal(noKey.ciphertextOnly, true);
  assert.equal(noKey.decrypt, 'implicitDeny');
  const unresolved = parameterMark(where, [e('ssm:GetParameter', arn('/app/password'), 'allowed')], { ...password, keyArn: undefined }, undefined);
  assert.equal(unresolved.decrypt, 'unknown');
  assert.equal(unresolved.readable, false);
  const nothing = parameterMark(where, [e('ssm:GetParameter', arn('/app/user'), 'explicitDeny', ['deny'])], user, undefined);
  assert.equal(nothing.readable, false);
  assert.equal(nothing.ciphertextOnly, false);
  assert.deepEqual(nothing.sources, ['deny']);
});

test('a String needs no key', () => {
  const mark = parameterMark(where, [], user, '/');
  assert.equal(mark.decrypt, undefined);
  assert.equal(mark.readable, true);
});

test('when a path above may list them, the by-path call also asks about each parameter (once per ARN)', () => {
  const sims = levelSimulations(where, ['/app/user'], [password, user], undefined, true);
  assert.deepEqual(sims[0]?.resources, [arn('/app/user'), arn('/app/password')], 'a branch and a parameter of one name are one ARN');
  assert.deepEqual(sims[0]?.context, [{ name: 'ssm:Recursive', values: ['true'], type: 'boolean' }]);
  assert.equal(sims.length, 3, 'no call of its own');
  assert.deepEqual(levelSimulations(where, ['/app/user'], [password, user])[0]?.resources, [arn('/app/user')], 'nothing above lists them: not asked');
});

test('an explicit Deny of GetParametersByPath on a parameter: not readable by the path above, still by GetParameter', () => {
  const denied = [e('ssm:GetParametersByPath', arn('/app/user'), 'explicitDeny', ['deny-user'])];
  const mark = parameterMark(where, denied, user, '/app');
  assert.equal(mark.readable, false);
  assert.deepEqual(mark.via, []);
  assert.equal(mark.keptOutOf, '/app');
  assert.deepEqual(mark.sources, ['deny-user']);
  const direct = parameterMark(where, [...denied, e('ssm:GetParameter', arn('/app/user'), 'allowed', ['reader'])], user, '/app');
  assert.equal(direct.readable, true);
  assert.deepEqual(direct.via, ['ssm:GetParameter']);
  assert.equal(direct.keptOutOf, '/app');
});

test('an implicit deny on the parameter leaves it readable by the path above', () => {
  const mark = parameterMark(where, [e('ssm:GetParametersByPath', arn('/app/user'), 'implicitDeny')], user, '/app');
  assert.equal(mark.readable, true);
  assert.deepEqual(mark.via, ['by path /app']);
  assert.equal(mark.keptOutOf, undefined);
});

test('a Deny of ssm:GetParameter* on one parameter: the branch stays readable, that parameter is not (Kura’s evaluator)', () => {
  const statements = [
    { Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: arn('/app') },
    { Effect: 'Deny', Action: 'ssm:GetParameter*', Resource: arn('/app/user') },
  ];
  const root = simulateWithKura(statements, levelSimulations(where, ['/app'], [], '/', true));
  const branch = branchMark(where, root, '/app', undefined);
  assert.equal(branch.readable, true);
  const level = simulateWithKura(statements, levelSimulations(where, [], [user, { ...user, name: '/app/host' }], undefined, true));
  const userMark = parameterMark(where, level, user, '/app');
  assert.equal(userMark.readable, false);
  assert.equal(userMark.keptOutOf, '/app');
  assert.deepEqual(userMark.sources, ['policy']);
  assert.equal(parameterMark(where, level, { ...user, name: '/app/host' }, '/app').readable, true);
});
