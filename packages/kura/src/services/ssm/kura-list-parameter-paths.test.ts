// KuraListParameterPaths, Kura's own operation for the console's tree: the child paths of a path,
// paged, authorized as DescribeParameters, with GetParametersByPath's path checks. The model's checks
// (MaxResults 1..500, Path length) are the gateway's: decoded here as the gateway decodes.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { decodeJsonInput } from '../../wire/json-input.js';
import { ServiceError } from '../../wire/errors.js';
import { policyOf } from '../kms/testing/access.js';
import { ssmModel } from './model.js';
import { ACCOUNT, REGION, TASK_ROLE, callerOverrides, createTestHarness, rejectsWith, type TestHarness } from './testing/context.js';

const OPERATION = 'KuraListParameterPaths';
const INVALID_PATH =
  'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths ' +
  'divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_';

let h: TestHarness;
beforeEach(async () => {
  h = createTestHarness();
  // `plain` (no leading slash) and `/solo` are root-level parameters; `/a` is a parameter and a path.
  for (const name of ['plain', '/solo', '/a', '/a/b/c', '/a-x/y', '/a.b/c', '/a_b/c', '/app/dev/db/host', '/app/dev/db/port', '/app/prod/db/host', '/B/x']) {
    await h.call('PutParameter', { Name: name, Value: 'v', Type: 'String' });
  }
});
afterEach(() => h.close());

const pathsOf = (out: Record<string, unknown>) => (out['Paths'] as Array<{ Path: string }>).map((p) => p.Path);
const list = (input: Record<string, unknown>, overrides = {}) => h.call(OPERATION, input, overrides);

/** What the gateway answers for `input` before the handler runs (the model's validation). */
function modelRejection(input: Record<string, unknown>, operation = OPERATION): ServiceError {
  try {
    decodeJsonInput(ssmModel, operation, input);
  } catch (error) {
    assert.ok(error instanceof ServiceError);
    return error;
  }
  assert.fail('expected the model to reject the input');
}

describe('KuraListParameterPaths', () => {
  it('lists the direct child paths in byte order of their segment, without parameters directly at the path', async () => {
    const out = await list({ Path: '/' });
    assert.deepEqual(out, { Paths: [{ Path: '/B' }, { Path: '/a' }, { Path: '/a-x' }, { Path: '/a.b' }, { Path: '/a_b' }, { Path: '/app' }] });
    assert.deepEqual(pathsOf(await list({ Path: '/app' })), ['/app/dev', '/app/prod']);
    assert.deepEqual(pathsOf(await list({ Path: '/app/' })), ['/app/dev', '/app/prod'], 'a trailing slash is accepted');
    assert.deepEqual(pathsOf(await list({ Path: '/app/dev' })), ['/app/dev/db']);
    assert.deepEqual(pathsOf(await list({ Path: '/app/dev/db' })), [], 'only parameters below');
    assert.deepEqual(pathsOf(await list({ Path: '/a' })), ['/a/b']);
    assert.deepEqual(pathsOf(await list({ Path: '/nowhere' })), []);
    assert.deepEqual(pathsOf(await list({ Path: ' /app ' })), ['/app/dev', '/app/prod'], 'spaces at either end are trimmed, as for every name');
  });

  it('pages with MaxResults (default 100) and a NextToken, the last page without one', async () => {
    for (let i = 0; i < 102; i++) await h.call('PutParameter', { Name: `/many/p${String(i).padStart(3, '0')}/k`, Value: 'v', Type: 'String' });
    const first = await list({ Path: '/many' });
    assert.equal(pathsOf(first).length, 100);
    assert.equal(typeof first['NextToken'], 'string');
    const second = await list({ Path: '/many', NextToken: first['NextToken'] });
    assert.deepEqual(pathsOf(second), ['/many/p100', '/many/p101']);
    assert.equal('NextToken' in second, false);

    const seen: string[] = [];
    let token: unknown;
    do {
      const page = await list({ Path: '/', MaxResults: 2, ...(token === undefined ? {} : { NextToken: token }) });
      seen.push(...pathsOf(page));
      token = page['NextToken'];
    } while (token !== undefined);
    assert.deepEqual(seen, ['/B', '/a', '/a-x', '/a.b', '/a_b', '/app', '/many']);
    const exact = await list({ Path: '/app', MaxResults: 2 });
    assert.equal('NextToken' in exact, false, 'a full last page carries no token');
  });

  it('refuses a token issued for another path or operation, and a forged one', async () => {
    const first = await list({ Path: '/', MaxResults: 1 });
    await rejectsWith(list({ Path: '/app', NextToken: first['NextToken'] }), 'InvalidNextToken');
    await rejectsWith(list({ Path: '/', NextToken: 'forged' }), 'InvalidNextToken');
    await rejectsWith(h.call('DescribeParameters', { NextToken: first['NextToken'] }), 'InvalidNextToken');
  });

  it('answers a bad Path with the ValidationException texts of GetParametersByPath', async () => {
    for (const Path of ['app', 'app/dev', '/app//dev', '/app dev', '/app/*']) {
      await rejectsWith(list({ Path }), 'ValidationException', INVALID_PATH, { status: 400, messageMember: 'Message' });
      await rejectsWith(h.call('GetParametersByPath', { Path }), 'ValidationException', INVALID_PATH);
    }
    assert.equal(
      modelRejection({ Path: '' }).message,
      "1 validation error detected: Value '' at 'path' failed to satisfy constraint: Member must have length greater than or equal to 1.",
    );
    assert.equal(modelRejection({}).message, "1 validation error detected: Value null at 'path' failed to satisfy constraint: Member must not be null.");
    for (const input of [{ Path: '' }, {}, { Path: `/${'a'.repeat(2048)}` }]) {
      assert.equal(modelRejection(input).message, modelRejection(input, 'GetParametersByPath').message, JSON.stringify(input).slice(0, 40));
    }
  });

  it('answers a bad MaxResults with the exact constraint text', () => {
    for (const [value, text] of [
      [0, "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1."],
      [501, "1 validation error detected: Value '501' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 500."],
    ] as const) {
      const error = modelRejection({ Path: '/', MaxResults: value });
      assert.deepEqual([error.code, error.status, error.message], ['ValidationException', 400, text]);
    }
    assert.deepEqual(decodeJsonInput(ssmModel, OPERATION, { Path: '/', MaxResults: 500 }), { Path: '/', MaxResults: 500 });
  });

  it('is authorized as DescribeParameters: ssm:DescribeParameters on *', async () => {
    const byPathOnly = callerOverrides(TASK_ROLE, [policyOf({ Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/*` })]);
    const denied = await rejectsWith(
      list({ Path: '/app' }, byPathOnly),
      'AccessDeniedException',
      `User: ${TASK_ROLE.arn} is not authorized to perform: ssm:DescribeParameters on resource: * because no identity-based policy allows the ssm:DescribeParameters action`,
      { status: 400, messageMember: 'Message' },
    );
    await rejectsWith(h.call('DescribeParameters', {}, byPathOnly), 'AccessDeniedException', denied.message);
    // Refused before the path is even read: a denied caller learns nothing about it.
    await rejectsWith(list({ Path: 'not a path' }, byPathOnly), 'AccessDeniedException');
    const describer = callerOverrides(TASK_ROLE, [policyOf({ Effect: 'Allow', Action: 'ssm:DescribeParameters', Resource: '*' })]);
    assert.deepEqual(pathsOf(await list({ Path: '/app' }, describer)), ['/app/dev', '/app/prod']);
    assert.deepEqual(
      describer.access.checks.map((c) => [c.check.action, c.check.resource, c.decision]),
      [['ssm:DescribeParameters', '*', 'Allow']],
    );
  });
});
