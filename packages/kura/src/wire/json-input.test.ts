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

function validation(run: () => unknown): string {
  const error = failure(run);
  assert.equal(error.code, 'ValidationException');
  assert.equal(error.status, 400);
  return error.message;
}

function serialization(run: () => unknown): string {
  const error = failure(run);
  assert.equal(error.code, 'SerializationException');
  assert.equal(error.status, 400);
  return error.message;
}

const b64 = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64');

describe('decodeJsonInput: constraint violations in the AWS wording', () => {
  it('rejects eleven names for GetParameters, echoing the list as Java prints it, with SSM\'s closing period', () => {
    const names = Array.from({ length: 11 }, (_, i) => `/app/p${i}`);
    assert.equal(
      validation(() => decodeJsonInput(ssmModel, 'GetParameters', { Names: names })),
      `1 validation error detected: Value '[${names.join(', ')}]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10.`,
    );
  });

  it('rejects MaxResults 11 for GetParametersByPath with the value quoted', () => {
    assert.equal(
      validation(() => decodeJsonInput(ssmModel, 'GetParametersByPath', { Path: '/app', MaxResults: 11 })),
      "1 validation error detected: Value '11' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10.",
    );
  });

  it('never echoes a parameter value, even an empty one', () => {
    assert.equal(
      validation(() => decodeJsonInput(ssmModel, 'PutParameter', { Name: '/app/db', Value: '', Type: 'SecureString' })),
      "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('rejects a value above the 32768-character service cap without echoing it', () => {
    const message = validation(() => decodeJsonInput(ssmModel, 'PutParameter', { Name: '/a', Value: 's3cr3t'.repeat(6000) }));
    assert.equal(message, "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length less than or equal to 32768");
    assert.ok(!message.includes('s3cr3t'));
  });

  it('lists the parameter types in the order SSM lists them for an unknown Type', () => {
    assert.equal(
      validation(() => decodeJsonInput(ssmModel, 'PutParameter', { Name: '/a', Value: 'v', Type: 'str' })),
      "1 validation error detected: Value 'str' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String].",
    );
  });

  it('reports a missing required member as null', () => {
    assert.equal(
      validation(() => decodeJsonInput(ssmModel, 'GetParameter', {})),
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null.",
    );
  });

  it('reports every violation at once, counted and separated by semicolons', () => {
    assert.equal(
      validation(() => decodeJsonInput(ssmModel, 'PutParameter', { Value: '', Type: 'Plain' })),
      '3 validation errors detected: ' +
        "Value null at 'name' failed to satisfy constraint: Member must not be null; " +
        "Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value 'Plain' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]",
    );
  });

  it('rejects NumberOfBytes 0 for GenerateRandom', () => {
    assert.equal(
      validation(() => decodeJsonInput(kmsModel, 'GenerateRandom', { NumberOfBytes: 0 })),
      "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it('counts a blob in decoded bytes and never echoes a 4097-byte Plaintext', () => {
    assert.equal(decodeJsonInput(kmsModel, 'Encrypt', { KeyId: 'alias/a', Plaintext: b64(4096) }).Plaintext instanceof Buffer, true);
    assert.equal(
      validation(() => decodeJsonInput(kmsModel, 'Encrypt', { KeyId: 'alias/a', Plaintext: b64(4097) })),
      "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    );
  });

  it('never echoes sensitive values held in a map of structures of lists', () => {
    const message = validation(() =>
      decodeJsonInput(ssmModel, 'RegisterTaskWithMaintenanceWindow', {
        WindowId: 'mw-0123456789abcdef0',
        TaskArn: 'AWS-RunShellScript',
        TaskType: 'RUN_COMMAND',
        TaskParameters: { commands: { Values: ['', 'top-secret'] } },
      }),
    );
    assert.equal(
      message,
      "1 validation error detected: Value at 'taskParameters.commands.member.values' failed to satisfy constraint: " +
        'Member must satisfy constraint: [Member must have length less than or equal to 255, Member must have length greater than or equal to 1].',
    );
  });

  it("prints a non-sensitive blob as Java's ByteBuffer", () => {
    assert.equal(
      validation(() => decodeJsonInput(kmsModel, 'Decrypt', { CiphertextBlob: '' })),
      "1 validation error detected: Value 'java.nio.HeapByteBuffer[pos=0 lim=0 cap=0]' at 'ciphertextBlob' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('names nested filter members by their 1-based position in the list', () => {
    const message = validation(() =>
      decodeJsonInput(ssmModel, 'DescribeParameters', {
        ParameterFilters: [{ Key: 'Name', Values: ['a'] }, { Key: 'Owner' }, { Option: 'Equals' }],
      }),
    );
    assert.equal(
      message,
      '2 validation errors detected: ' +
        "Value 'Owner' at 'parameterFilters.2.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType; " +
        "Value null at 'parameterFilters.3.member.key' failed to satisfy constraint: Member must not be null.",
    );
  });

  it('reports bad items of a list of strings once, at the list, with all item constraints', () => {
    assert.equal(
      validation(() => decodeJsonInput(ssmModel, 'DescribeParameters', { ParameterFilters: [{ Key: 'Name', Values: ['ok', ''] }] })),
      "1 validation error detected: Value '[ok, ]' at 'parameterFilters.1.member.values' failed to satisfy constraint: " +
        'Member must satisfy constraint: [Member must have length less than or equal to 1024, Member must have length greater than or equal to 1].',
    );
  });

  it('reports bad map keys once, at the map', () => {
    const message = validation(() =>
      decodeJsonInput(ssmModel, 'StartAutomationExecution', { DocumentName: 'doc', Parameters: { ['k'.repeat(51)]: ['v'], ok: [] } }),
    );
    assert.equal(
      message,
      `1 validation error detected: Value '{${'k'.repeat(51)}=[v], ok=[]}' at 'parameters' failed to satisfy constraint: ` +
        'Map keys must satisfy constraint: [Member must have length less than or equal to 50, Member must have length greater than or equal to 1].',
    );
  });

  it('lists at most ten violations', () => {
    const filters = Array.from({ length: 12 }, () => ({ Key: 'Bad' }));
    const message = validation(() => decodeJsonInput(ssmModel, 'DescribeParameters', { ParameterFilters: filters }));
    assert.match(message, /^10 validation errors detected: /);
    assert.equal(message.split('; ').length, 10);
  });

  it('checks Java patterns against the whole value', () => {
    assert.match(
      validation(() => decodeJsonInput(kmsModel, 'CreateAlias', { AliasName: 'alias/has space', TargetKeyId: 'k' })),
      /Value 'alias\/has space' at 'aliasName' failed to satisfy constraint: Member must satisfy regular expression pattern: \^\[a-zA-Z0-9:\/_-\]\+\$$/,
    );
  });
});

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
