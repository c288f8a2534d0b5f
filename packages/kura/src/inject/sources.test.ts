import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findReferences, parseMap, requestKey, responseKey } from './sources.js';

describe('sources', () => {
  test('--map NAME=PARAM keeps the parameter as written, selector and all', () => {
    assert.deepEqual(parseMap('DB_PASSWORD=/app/db/password:3'), { kind: 'map', name: 'DB_PASSWORD', parameter: '/app/db/password:3' });
    assert.deepEqual(parseMap('X=a=b'), { kind: 'map', name: 'X', parameter: 'a=b' });
  });

  test('--map rejects a missing or invalid name and an empty parameter', () => {
    for (const bad of ['NOEQUALS', '=/x', '1X=/x', 'A-B=/x', 'X=']) assert.throws(() => parseMap(bad), /--map expects NAME=PARAMETER/, bad);
  });

  test('references are inherited variables whose value starts with ssm://', () => {
    const found = findReferences({ B: 'ssm:///app/b:prod', A: 'ssm://plain', C: 'not ssm://x', D: undefined, E: 'SSM:///upper' });
    assert.deepEqual(found, [
      { name: 'A', parameter: 'plain' },
      { name: 'B', parameter: '/app/b:prod' },
    ]);
    assert.throws(() => findReferences({ X: 'ssm://' }), /X refers to ssm:\/\/ without a parameter name/);
  });

  test('requests meet answers by name (leading slash or not) and selector', () => {
    assert.equal(requestKey('/app/x:3'), responseKey('/app/x', ':3'));
    assert.equal(requestKey('app/x'), responseKey('/app/x', undefined));
    assert.equal(requestKey('/app/x:prod'), responseKey('app/x', ':prod'));
    assert.notEqual(requestKey('/app/x:3'), responseKey('/app/x', undefined));
  });

  test('an ARN meets the answer for its name; only a colon after parameter/ is a selector', () => {
    const arn = 'arn:aws:ssm:us-east-1:123456789012:parameter/app/x';
    assert.equal(requestKey(arn), responseKey('/app/x', undefined));
    assert.equal(requestKey(`${arn}:2`), responseKey('/app/x', ':2'));
    assert.equal(requestKey(`${arn}:2`), responseKey(`${arn}`, ':2'));
    assert.equal(requestKey('arn:aws:ssm:us-east-1:123456789012:parameter/plain'), responseKey('plain', undefined));
  });
});
