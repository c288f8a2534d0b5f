import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathsAbove, readSimulations, readVerdict, ssmArn, strongest, type ReadTarget } from './read-model.js';
import type { Evaluation } from './simulation.js';

const region = 'us-east-1';
const account = '000000000000';
const name = '/goecssample/database/sample/master/password';
const arn = `arn:aws:ssm:${region}:${account}:parameter${name}`;
const keyArn = `arn:aws:kms:${region}:${account}:key/3f2504e0-4f89-41d3-9a0c-0305e82c3301`;
const secure: ReadTarget = { region, account, name, arn, secure: true, keyArn };

const e = (action: string, resource: string, decision: Evaluation['decision'], sources: string[] = []): Evaluation => ({ action, resource, decision, sources });
const pathArn = (p: string) => ssmArn(region, account, p);

test('lists the paths above a parameter, nearest first, the root last', () => {
  assert.deepEqual(pathsAbove('/a/b/c'), ['/a/b', '/a', '/']);
  assert.deepEqual(pathsAbove('/top'), ['/']);
  assert.deepEqual(pathsAbove('bare'), ['/']);
});

test('builds SSM ARNs for parameters, paths and the root as SSM authorizes them', () => {
  assert.equal(ssmArn(region, account, 'bare'), `arn:aws:ssm:${region}:${account}:parameter/bare`);
  assert.equal(ssmArn(region, account, '/'), `arn:aws:ssm:${region}:${account}:parameter/`);
  assert.equal(ssmArn('cn-north-1', account, '/a'), `arn:aws-cn:ssm:cn-north-1:${account}:parameter/a`);
});

test('simulates the get actions on the parameter, by-path on each path above, and kms:Decrypt via SSM', () => {
  const sims = readSimulations(secure);
  assert.deepEqual(sims[0], { actions: ['ssm:GetParameter', 'ssm:GetParameters'], resources: [arn] });
  assert.deepEqual(sims[1], { actions: ['ssm:GetParametersByPath'], resources: [pathArn('/goecssample/database/sample/master')], context: [{ name: 'ssm:Recursive', values: ['false'], type: 'boolean' }] });
  assert.deepEqual(sims[2]?.resources, ['/goecssample/database/sample', '/goecssample/database', '/goecssample', '/'].map(pathArn));
  assert.deepEqual(sims[2]?.context, [{ name: 'ssm:Recursive', values: ['true'], type: 'boolean' }]);
  assert.deepEqual(sims[3]?.actions, ['kms:Decrypt']);
  assert.deepEqual(sims[3]?.resources, [keyArn]);
  assert.deepEqual(sims[3]?.context?.map((c) => [c.name, c.values[0]]), [
    ['kms:ViaService', 'ssm.us-east-1.amazonaws.com'],
    ['kms:EncryptionContext:PARAMETER_ARN', arn],
  ]);
});

test('a String parameter at the root needs no kms:Decrypt and has no higher path', () => {
  const sims = readSimulations({ ...secure, name: '/top', arn: ssmArn(region, account, '/top'), secure: false, keyArn: undefined });
  assert.deepEqual(sims.map((s) => s.actions), [['ssm:GetParameter', 'ssm:GetParameters'], ['ssm:GetParametersByPath']]);
});

test('the task role: GetParameters and a path allowed, kms:Decrypt allowed: it can read', () => {
  const verdict = readVerdict(secure, [
    e('ssm:GetParameter', arn, 'implicitDeny'),
    e('ssm:GetParameters', arn, 'allowed', ['go-ecs-sample']),
    e('ssm:GetParametersByPath', pathArn('/goecssample/database/sample/master'), 'allowed', ['go-ecs-sample']),
    e('ssm:GetParametersByPath', pathArn('/goecssample'), 'allowed', ['go-ecs-sample']),
    e('ssm:GetParametersByPath', pathArn('/'), 'implicitDeny'),
    e('kms:Decrypt', keyArn, 'allowed', ['go-ecs-sample']),
  ]);
  assert.equal(verdict.canRead, true);
  assert.equal(verdict.getParameter.decision, 'implicitDeny');
  assert.equal(verdict.byPath.decision, 'allowed');
  assert.deepEqual(verdict.byPath.paths, ['/goecssample/database/sample/master', '/goecssample']);
  assert.deepEqual(verdict.sources, ['go-ecs-sample']);
  assert.equal(verdict.reason, '');
});

test('an ssm read without kms:Decrypt is not a read of a SecureString', () => {
  const verdict = readVerdict(secure, [e('ssm:GetParameter', arn, 'allowed', ['reader']), e('kms:Decrypt', keyArn, 'implicitDeny')]);
  assert.equal(verdict.ssmRead, true);
  assert.equal(verdict.canRead, false);
  assert.equal(verdict.reason, 'kms:Decrypt on its key is not allowed');
});

test('an unresolved key leaves the verdict negative and says why', () => {
  const verdict = readVerdict({ ...secure, keyArn: undefined }, [e('ssm:GetParameter', arn, 'allowed')]);
  assert.equal(verdict.decrypt, 'unknown');
  assert.equal(verdict.canRead, false);
  assert.match(verdict.reason, /could not be resolved/);
});

test('nothing allowed: implicit denials, no sources; an explicit deny wins over implicit ones', () => {
  const none = readVerdict(secure, []);
  assert.equal(none.canRead, false);
  assert.equal(none.reason, 'no ssm read action is allowed');
  assert.deepEqual(none.sources, []);
  const denied = readVerdict(secure, [e('ssm:GetParametersByPath', pathArn('/goecssample'), 'explicitDeny', ['deny-prod']), e('ssm:GetParametersByPath', pathArn('/'), 'implicitDeny')]);
  assert.equal(denied.byPath.decision, 'explicitDeny');
  assert.deepEqual(denied.byPath.sources, ['deny-prod']);
});

test('strongest: allowed over explicit over implicit', () => {
  assert.equal(strongest(['implicitDeny', 'explicitDeny', 'allowed']), 'allowed');
  assert.equal(strongest(['implicitDeny', 'explicitDeny']), 'explicitDeny');
  assert.equal(strongest([]), 'implicitDeny');
});
