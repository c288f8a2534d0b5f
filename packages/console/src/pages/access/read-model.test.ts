import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownArnLabel, pathsAbove, readSimulations, readVerdict, ssmArn, strongest, type ReadTarget } from './read-model.js';
import type { Evaluation } from './simulation.js';
import { simulateWithKura } from './testing/simulate-with-kura.js';

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

test('simulates the get actions on the parameter, by-path on each path above and on the parameter, and kms:Decrypt via SSM', () => {
  const sims = readSimulations(secure);
  assert.equal(sims.length, 4, 'the check on the parameter rides along with the path calls');
  assert.deepEqual(sims[0], { actions: ['ssm:GetParameter', 'ssm:GetParameters'], resources: [arn] });
  assert.deepEqual(sims[1], {
    actions: ['ssm:GetParametersByPath'],
    resources: [pathArn('/goecssample/database/sample/master'), arn],
    context: [{ name: 'ssm:Recursive', values: ['false'], type: 'boolean' }],
    label: ownArnLabel(false),
  });
  assert.deepEqual(sims[2]?.resources, [...['/goecssample/database/sample', '/goecssample/database', '/goecssample', '/'].map(pathArn), arn]);
  assert.deepEqual(sims[2]?.context, [{ name: 'ssm:Recursive', values: ['true'], type: 'boolean' }]);
  assert.equal(sims[2]?.label, ownArnLabel(true));
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

// Kura's default strict path mode: a parameter the caller is explicitly denied ssm:GetParametersByPath
// on is left out of the listing, so the path no longer makes the caller a reader of it. Each policy
// below is answered by Kura's own evaluator.
const PARAMETER_ARNS = 'arn:aws:ssm:us-east-1:000000000000:parameter';
const listGoecssample = { Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: [`${PARAMETER_ARNS}/goecssample`, `${PARAMETER_ARNS}/goecssample/*`] };
const decryptAny = { Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' };
const verdictFor = (statements: object[], target = secure) => readVerdict(target, simulateWithKura(statements, readSimulations(target)));
const allPathsFromGoecssample = ['/goecssample/database/sample/master', '/goecssample/database/sample', '/goecssample/database', '/goecssample'];

test('an allowed path and an explicit Deny on the parameter: not a reader by path, still one through GetParameter', () => {
  const denyOnParameter = { Effect: 'Deny', Action: 'ssm:GetParametersByPath', Resource: arn };
  const verdict = verdictFor([listGoecssample, decryptAny, denyOnParameter]);
  assert.equal(verdict.canRead, false);
  assert.equal(verdict.byPath.decision, 'explicitDeny');
  assert.deepEqual(verdict.byPath.paths, []);
  assert.deepEqual(verdict.byPath.keptOutOf, allPathsFromGoecssample);
  assert.equal(verdict.reason, 'an explicit Deny on the parameter keeps it out of path listings, and no other ssm read is allowed');
  const direct = verdictFor([listGoecssample, decryptAny, denyOnParameter, { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: arn }]);
  assert.equal(direct.canRead, true);
  assert.equal(direct.getParameter.decision, 'allowed');
  assert.equal(direct.byPath.decision, 'explicitDeny', 'the path still does not list it');
});

test('an allowed path and an implicit deny on the parameter: a reader (only an explicit Deny leaves it out)', () => {
  const verdict = verdictFor([{ Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: `${PARAMETER_ARNS}/goecssample` }, decryptAny]);
  assert.equal(verdict.canRead, true);
  assert.equal(verdict.byPath.decision, 'allowed');
  assert.deepEqual(verdict.byPath.paths, ['/goecssample']);
  assert.deepEqual(verdict.byPath.keptOutOf, []);
});

test('a Deny of ssm:GetParameter* on the parameter refuses every read of it, the path listing included', () => {
  const verdict = verdictFor([{ Effect: 'Allow', Action: 'ssm:*', Resource: '*' }, decryptAny, { Effect: 'Deny', Action: 'ssm:GetParameter*', Resource: arn }]);
  assert.equal(verdict.canRead, false);
  assert.equal(verdict.getParameter.decision, 'explicitDeny');
  assert.equal(verdict.getParameters.decision, 'explicitDeny');
  assert.equal(verdict.byPath.decision, 'explicitDeny');
  assert.deepEqual(verdict.byPath.keptOutOf, [...allPathsFromGoecssample, '/']);
  assert.match(verdict.reason, /explicit Deny on the parameter/);
});

test('the check on the parameter uses each route’s ssm:Recursive: a Deny of recursive listings leaves the parent’s listing', () => {
  const denyRecursive = { Effect: 'Deny', Action: 'ssm:GetParametersByPath', Resource: arn, Condition: { Bool: { 'ssm:Recursive': 'true' } } };
  const verdict = verdictFor([listGoecssample, decryptAny, denyRecursive]);
  assert.equal(verdict.canRead, true);
  assert.deepEqual(verdict.byPath.paths, ['/goecssample/database/sample/master']);
  assert.deepEqual(verdict.byPath.keptOutOf, allPathsFromGoecssample.slice(1));
});

test('with its tags, the parameter is asked about apart from the paths: a tag-conditioned Deny hides it, not the path', () => {
  const tagged: ReadTarget = { ...secure, tags: [{ Key: 'tier', Value: 'secret' }] };
  const sims = readSimulations(tagged);
  assert.equal(sims.length, 6);
  assert.ok(sims.every((s) => s.resources.includes(arn) || !s.context?.some((c) => c.name.startsWith('aws:ResourceTag/'))), 'no path is given the tags');
  assert.deepEqual(sims[0]?.context?.map((c) => c.name), ['aws:ResourceTag/tier', 'ssm:resourceTag/tier']);
  const denyTagged = { Effect: 'Deny', Action: 'ssm:GetParametersByPath', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/tier': 'secret' } } };
  const verdict = verdictFor([listGoecssample, decryptAny, denyTagged], tagged);
  assert.equal(verdict.canRead, false);
  assert.deepEqual(verdict.byPath.keptOutOf, allPathsFromGoecssample);
  assert.equal(verdictFor([listGoecssample, decryptAny, denyTagged]).canRead, true, 'without its tags the Deny is not seen');
});
