import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AwsError } from '../../aws/errors.js';
import { fieldsOf } from './version-errors.js';

const error = (code: string, message: string) => new AwsError(code, message, 400);

test('a framework message naming a form member belongs to that field', () => {
  assert.deepEqual(
    fieldsOf(error('ValidationException', "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1")),
    ['value'],
  );
  assert.deepEqual(
    fieldsOf(error('ValidationException', "1 validation error detected: Value 'alias/no such' at 'keyId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([a-zA-Z0-9:/_-]+)$.")),
    ['keyId'],
  );
  assert.deepEqual(
    fieldsOf(error('ValidationException', "2 validation errors detected: Value 'x' at 'description' failed to satisfy constraint: A; Value 'y' at 'allowedPattern' failed to satisfy constraint: B.")),
    ['description', 'allowedPattern'],
  );
});

test('a framework message naming a member the form does not have goes to the form', () => {
  assert.deepEqual(fieldsOf(error('ValidationException', "1 validation error detected: Value 'x' at 'tier' failed to satisfy constraint: Member must satisfy enum value set.")), []);
  assert.deepEqual(
    fieldsOf(error('ValidationException', "2 validation errors detected: Value at 'value' failed to satisfy constraint: A; Value 'x' at 'name' failed to satisfy constraint: B.")),
    [],
  );
});

test("SSM's own errors go to the field they concern", () => {
  assert.deepEqual(fieldsOf(error('ParameterPatternMismatchException', 'Parameter value, cannot be validated against allowedPattern: ^[0-9]+$')), ['value']);
  assert.deepEqual(fieldsOf(error('InvalidAllowedPatternException', "The request doesn't meet the regular expression requirement.")), ['allowedPattern']);
  assert.deepEqual(fieldsOf(error('InvalidKeyId', 'Alias arn:aws:kms:us-east-1:000000000000:alias/nope is not found. (Service: AWSKMS; …)')), ['keyId']);
  assert.deepEqual(fieldsOf(error('ValidationException', 'The following data type is not supported: Text (Data type names are all lowercase.)')), ['dataType']);
  assert.deepEqual(fieldsOf(error('ValidationException', 'Parameter value can\'t nest another parameter. Do not use "{{}}" in the value.')), ['value']);
  assert.deepEqual(fieldsOf(error('ValidationException', 'Standard tier parameters support a maximum parameter value of 4096 characters. To create …')), ['value']);
});

test('denials, conflicts and anything unknown belong to the form as a whole', () => {
  assert.deepEqual(fieldsOf(error('AccessDeniedException', 'User: x is not authorized to perform: ssm:PutParameter')), []);
  assert.deepEqual(fieldsOf(error('TooManyUpdates', 'There are concurrent updates for a resource that supports one update at a time.')), []);
  assert.deepEqual(fieldsOf(error('ValidationException', "This parameter uses the advanced-parameter tier. You can't downgrade …")), []);
  assert.deepEqual(fieldsOf(new Error('network')), []);
});
