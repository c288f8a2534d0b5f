import { test } from 'node:test';
import assert from 'node:assert/strict';
import { branchMark, levelSimulations, parameterMark, type LevelParameter } from './can-read-model.js';
import { ssmArn } from './read-model.js';
import type { Evaluation } from './simulation.js';

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
