import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServiceError } from './errors.js';
import { decodeJsonInput } from './json-input.js';
import { kmsModel, ssmModel } from './testing/models.js';

function failure(run: () => unknown): ServiceError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ServiceError, `expected a ServiceError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the input to be rejected');
}

function serialization(run: () => unknown): string {
  const error = failure(run);
  assert.equal(error.code, 'SerializationException');
  assert.equal(error.status, 400);
  return error.message;
}

describe('decodeJsonInput: values', () => {
  it('returns the declared members, ignoring unknown ones and nulls as AWS does', () => {
    const input = decodeJsonInput(ssmModel, 'GetParameter', { Name: '/a', WithDecryption: true, Extra: 1, name: 'x' });
    assert.deepEqual(input, { Name: '/a', WithDecryption: true });
    assert.deepEqual(decodeJsonInput(ssmModel, 'GetParameter', { Name: '/a', WithDecryption: null }), { Name: '/a' });
  });

  it('decodes base64 to a Buffer and epoch seconds to a Date', () => {
    const input = decodeJsonInput(kmsModel, 'ImportKeyMaterial', {
      KeyId: 'k',
      ImportToken: 'AQID',
      EncryptedKeyMaterial: 'BAUG',
      ValidTo: 1530018761.888,
    });
    assert.deepEqual(input.ImportToken, Buffer.from([1, 2, 3]));
    assert.equal((input.ValidTo as Date).toISOString(), '2018-06-26T13:12:41.888Z');
  });

  it('keeps an encryption context as a plain map, even with a __proto__ key', () => {
    const body = JSON.parse('{"KeyId":"k","Plaintext":"YQ==","EncryptionContext":{"__proto__":"x","app":"web"}}') as unknown;
    const context = decodeJsonInput(kmsModel, 'Encrypt', body).EncryptionContext as Record<string, unknown>;
    assert.deepEqual(Object.keys(context), ['__proto__', 'app']);
    assert.equal(Object.getPrototypeOf(context), Object.prototype);
  });

  it('stops a hostile, deeply nested body with a SerializationException, not a stack overflow', () => {
    let body: Record<string, unknown> = { Type: 'AWS:Application' };
    for (let i = 0; i < 20000; i += 1) body = { Aggregators: [body] };
    assert.equal(serialization(() => decodeJsonInput(ssmModel, 'GetInventory', body)), 'Document nesting depth exceeds the maximum allowed');
  });

  it('treats a null body as an empty input', () => {
    assert.deepEqual(decodeJsonInput(kmsModel, 'ListKeys', null), {});
  });

  it('answers an unknown operation with UnknownOperationException', () => {
    assert.equal(failure(() => decodeJsonInput(ssmModel, 'GetParameterz', {})).code, 'UnknownOperationException');
    assert.equal(failure(() => decodeJsonInput(ssmModel, 'constructor', {})).code, 'UnknownOperationException');
  });
});

describe('decodeJsonInput: wrong JSON types are SerializationExceptions', () => {
  const cases: Array<[string, string, Record<string, unknown>, string]> = [
    ['a number for a string', 'GetParameter', { Name: 12 }, 'NUMBER_VALUE can not be converted to a String'],
    ['true for a string', 'GetParameter', { Name: true }, 'TRUE_VALUE can not be converted to a String'],
    ['a string for an integer', 'GetParametersByPath', { Path: '/', MaxResults: '5' }, 'STRING_VALUE can not be converted to an Integer'],
    ['false for a long', 'LabelParameterVersion', { Name: 'a', Labels: ['l'], ParameterVersion: false }, 'FALSE_VALUE can not be converted to a Long'],
    ['a number for a boolean', 'GetParameter', { Name: 'a', WithDecryption: 1 }, 'NUMBER_VALUE can not be converted to a Boolean'],
    ['a string for a boolean', 'GetParameter', { Name: 'a', WithDecryption: 'true' }, 'STRING_VALUE can not be converted to a Boolean'],
    ['a list for a string', 'GetParameter', { Name: ['a'] }, 'Start of list found where not expected'],
    ['an object for a string', 'GetParameter', { Name: {} }, 'Start of structure or map found where not expected.'],
    ['an object for a list', 'GetParameters', { Names: { a: 1 } }, 'Start of structure or map found where not expected.'],
    ['a string for a list', 'GetParameters', { Names: 'a' }, 'Expected list or null'],
    ['a number for a structure', 'DescribeParameters', { ParameterFilters: [3] }, 'Expected null'],
    ['a list for a structure', 'DescribeParameters', { ParameterFilters: [[]] }, 'Start of list found where not expected'],
    ['a string for a map', 'StartAutomationExecution', { DocumentName: 'd', Parameters: 'x' }, 'Expected map or null'],
  ];
  for (const [what, op, body, message] of cases) {
    it(`rejects ${what}: ${message}`, () => {
      assert.equal(serialization(() => decodeJsonInput(ssmModel, op, body)), message);
    });
  }

  it('rejects a fractional integer with no message at all, as AWS does', () => {
    const error = failure(() => decodeJsonInput(ssmModel, 'GetParametersByPath', { Path: '/', MaxResults: 1.5 }));
    assert.equal(error.code, 'SerializationException');
    assert.equal(error.messageMember, 'none');
  });

  it('rejects a body that is not an object', () => {
    assert.equal(serialization(() => decodeJsonInput(ssmModel, 'GetParameter', [])), 'Start of list found where not expected');
    assert.equal(serialization(() => decodeJsonInput(ssmModel, 'GetParameter', 'x')), 'Expected null');
  });

  it('rejects invalid base64 without echoing the value', () => {
    assert.equal(
      serialization(() => decodeJsonInput(kmsModel, 'Encrypt', { KeyId: 'k', Plaintext: 'abc' })),
      'Base64 encoded length is expected a multiple of 4 bytes but found: 3',
    );
    assert.equal(serialization(() => decodeJsonInput(kmsModel, 'Encrypt', { KeyId: 'k', Plaintext: 'ab!=' })), "Invalid Base64 character: '!'");
    assert.equal(
      serialization(() => decodeJsonInput(kmsModel, 'Encrypt', { KeyId: 'k', Plaintext: 'YR==' })),
      'Invalid last non-pad Base64 character dectected',
    );
  });

  it('rejects a string timestamp', () => {
    assert.equal(
      serialization(() => decodeJsonInput(kmsModel, 'ImportKeyMaterial', { KeyId: 'k', ImportToken: 'AQID', EncryptedKeyMaterial: 'AQID', ValidTo: '2020-01-01' })),
      'STRING_VALUE can not be converted to milliseconds since epoch',
    );
  });
});
