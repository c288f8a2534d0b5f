// A secret's `rotation` in a seed: each field read, and each bad value refused with its exact problem
// before anything is written: the seed's own field checks, RotateSecret's model, Secrets Manager's
// schedule rules in its own words, and a function this server does not run.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { rotationRuleMessages } from '../services/secretsmanager/rotation-rules.js';
import { loadSeed } from './load.js';
import { SeedInvalidError } from './problems.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kura-seed-rotation-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const ACCOUNT = '123456789012';
const FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:rotator`;
/** The server's registry, with its reading of a Lambda ARN (rotation/function-option.ts, which seed/ does not import). */
const registry = { names: ['rotator'], nameOf: (arn: string) => /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]{1,64})(?::[A-Za-z0-9$_-]{1,128})?$/.exec(arn)?.[1] };

let counter = 0;
function load(rotation: string) {
  const folder = path.join(dir, String(counter++));
  mkdirSync(folder);
  const text = `secretsmanager:\n  secrets:\n    - name: app/db\n      value: x\n${rotation === '' ? '' : `      rotation: ${rotation}\n`}`;
  writeFileSync(path.join(folder, 'a.yaml'), text);
  return loadSeed(['a.yaml'], { env: {}, dev: false, accountId: ACCOUNT, cwd: folder, rotationFunctions: registry });
}

function problems(rotation: string): string[] {
  try {
    load(rotation);
  } catch (error) {
    assert.ok(error instanceof SeedInvalidError, String(error));
    return error.problems.map((p) => `${p.path}: ${p.reason}`);
  }
  assert.fail('the seed was accepted');
}

const R = 'secretsmanager.secrets[0].rotation';

describe('secretsmanager.secrets[].rotation', () => {
  test('a schedule in days, an expression with a window, rotateImmediately, the ARN with pseudo parameters', () => {
    assert.deepEqual(load(`{function: ${FN}, automaticallyAfterDays: 30}`).secrets[0]?.rotation, { function: FN, automaticallyAfterDays: 30, rotateImmediately: false });
    assert.deepEqual(load(`{function: ${FN}, scheduleExpression: "cron(0 4 ? * SUN *)", duration: 3h, rotateImmediately: true}`).secrets[0]?.rotation, {
      function: FN,
      scheduleExpression: 'cron(0 4 ? * SUN *)',
      duration: '3h',
      rotateImmediately: true,
    });
    const placeholders = '"arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:rotator:live"';
    assert.equal(load(`{function: ${placeholders}, scheduleExpression: rate(7 days)}`).secrets[0]?.rotation?.function, `${FN}:live`);
    assert.equal(load('').secrets[0]?.rotation, undefined, 'absent: left as it is');
  });

  test("the seed's fields: required, one schedule, types, nothing else", () => {
    assert.deepEqual(problems('{automaticallyAfterDays: 30}'), [`${R}.function: is required`]);
    assert.deepEqual(problems(`{function: ${FN}}`), [`${R}: needs automaticallyAfterDays or scheduleExpression (the schedule)`]);
    assert.deepEqual(problems(`{function: ${FN}, automaticallyAfterDays: 30, scheduleExpression: rate(30 days)}`), [`${R}: give automaticallyAfterDays or scheduleExpression, not both`]);
    assert.deepEqual(problems(`{function: ${FN}, automaticallyAfterDays: 0}`), [`${R}.automaticallyAfterDays: must be a whole number from 1 to 1000`]);
    assert.deepEqual(problems(`{function: ${FN}, automaticallyAfterDays: 1001}`), [`${R}.automaticallyAfterDays: must be a whole number from 1 to 1000`]);
    assert.deepEqual(problems(`{function: ${FN}, automaticallyAfterDays: "30"}`), [`${R}.automaticallyAfterDays: must be a whole number from 1 to 1000`]);
    assert.deepEqual(problems(`{function: ${FN}, automaticallyAfterDays: 30, rotateImmediately: yes}`), [`${R}.rotateImmediately: must be true or false, not string`]);
    assert.deepEqual(problems(`{function: ${FN}, automaticallyAfterDays: 30, every: 1}`), [
      `${R}.every: unknown field (expected one of: function, automaticallyAfterDays, scheduleExpression, duration, rotateImmediately)`,
    ]);
    assert.deepEqual(problems('monthly'), [`${R}: must be a mapping, not string`]);
  });

  test("RotateSecret's model and Secrets Manager's schedule rules, in their words", () => {
    assert.deepEqual(problems(`{function: ${FN}, scheduleExpression: "rate(7 days);"}`), [`${R}.scheduleExpression: Member must satisfy regular expression pattern: [0-9A-Za-z\\(\\)#\\?\\*\\-\\/, ]+`]);
    assert.deepEqual(problems(`{function: ${FN}, automaticallyAfterDays: 30, duration: 3hours}`), [
      `${R}.duration: Member must have length less than or equal to 3`,
      `${R}.duration: Member must satisfy regular expression pattern: [0-9]+h`,
    ]);
    assert.deepEqual(problems(`{function: ${FN}, scheduleExpression: rate(1 hours)}`), [`${R}.scheduleExpression: ${rotationRuleMessages.expression('rate(1 hours)', 'you can rotate a secret at most every four hours')}`]);
    assert.deepEqual(problems(`{function: ${FN}, scheduleExpression: every day}`), [
      `${R}.scheduleExpression: The schedule expression every day is not valid: use rate(Value Unit) or cron(Minutes Hours Day-of-month Month Day-of-week Year).`,
    ]);
    assert.deepEqual(problems(`{function: ${FN}, automaticallyAfterDays: 30, duration: 0h}`), [`${R}.duration: The rotation window duration 0h is not valid: use a whole number of hours from 1h, for example 3h.`]);
    assert.deepEqual(problems(`{function: ${FN}, scheduleExpression: rate(4 hours), duration: 5h}`), [`${R}.duration: ${rotationRuleMessages.windowPastNext('5h')}`]);
  });

  test('the function: a Lambda ARN of this account and region, registered on this server', () => {
    assert.deepEqual(problems('{function: rotator, automaticallyAfterDays: 30}'), [
      `${R}.function: must be a Lambda function ARN: arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:NAME`,
    ]);
    assert.deepEqual(problems(`{function: "arn:aws:lambda:eu-west-1:${ACCOUNT}:function:rotator", automaticallyAfterDays: 30}`), [
      `${R}.function: must name a function of this server's account (${ACCOUNT}) in the secret's region (us-east-1): Secrets Manager invokes no other`,
    ]);
    assert.deepEqual(problems(`{function: "arn:aws:lambda:us-east-1:111122223333:function:rotator", automaticallyAfterDays: 30}`), [
      `${R}.function: must name a function of this server's account (${ACCOUNT}) in the secret's region (us-east-1): Secrets Manager invokes no other`,
    ]);
    assert.deepEqual(problems(`{function: "arn:aws:lambda:us-east-1:${ACCOUNT}:function:rotate-db", automaticallyAfterDays: 30}`), [
      `${R}.function: secret app/db: rotation function rotate-db is not registered on this server: register it with kura serve --rotation-function rotate-db=COMMAND --rotation-role rotate-db=ROLE, or KURA_ROTATION_FUNCTION and KURA_ROTATION_ROLE (docs/operations.md)`,
    ]);
  });
});
