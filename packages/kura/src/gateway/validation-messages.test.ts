// The validation messages clients see, from the models Kura serves (each with its service's style:
// SSM ends its constraint messages with a period): the wire's Coral wording applied to SSM's and
// KMS's real models. Evidence for each wording is in the services' GAPS.md.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kmsModel } from '../services/kms/model.js';
import { ssmModel } from '../services/ssm/model.js';
import { ServiceError } from '../wire/errors.js';
import { decodeJsonInput } from '../wire/json-input.js';
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

const b64 = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64');

describe('validation messages in the AWS wording', () => {
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
