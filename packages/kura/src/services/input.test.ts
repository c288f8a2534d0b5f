import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jsonErrors, ServiceError } from '../wire/errors.js';
import { queryErrors } from '../wire/shapes.js';
import { requiredReaders } from './input.js';

const MESSAGE = "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null";

function thrown(run: () => unknown): ServiceError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ServiceError, `expected a ServiceError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a validation error');
}

describe('requiredReaders', () => {
  const json = requiredReaders(jsonErrors.validation);

  it('returns members that are there', () => {
    assert.equal(json.requiredString({ Name: 'x' }, 'Name'), 'x');
    assert.deepEqual(json.requiredBlob({ CiphertextBlob: Buffer.from('ab') }, 'CiphertextBlob'), Buffer.from('ab'));
  });

  it("answers a missing member with the service's validation error in Coral's words, never a plain Error", () => {
    for (const input of [{}, { CiphertextBlob: null }, { CiphertextBlob: 'not bytes' }]) {
      const error = thrown(() => json.requiredBlob(input, 'CiphertextBlob'));
      assert.equal(error.code, 'ValidationException');
      assert.equal(error.status, 400);
      assert.equal(error.message, MESSAGE);
    }
    const name = thrown(() => json.requiredString({ Name: 5 }, 'Name'));
    assert.equal(name.message, "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
  });

  it('answers in the Query protocol for IAM and STS', () => {
    const error = thrown(() => requiredReaders(queryErrors.validation).requiredString({}, 'RoleName'));
    assert.equal(error.code, 'ValidationError');
    assert.equal(error.message, "1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null");
  });
});
