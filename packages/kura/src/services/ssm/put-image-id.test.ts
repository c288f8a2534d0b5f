// PutParameter with the aws:ec2:image data type. AWS validates the AMI id after the call has
// succeeded (the write is dropped later), so every error AWS answers at once must reach the client
// before Kura's own, synchronous AMI-format check.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createTestHarness, rejectsWith, type TestHarness } from './testing/context.js';

let h: TestHarness;
beforeEach(() => {
  h = createTestHarness();
});
afterEach(() => h.close());

const put = (input: Record<string, unknown>) => h.call('PutParameter', input);
const image = (input: Record<string, unknown>) => put({ Type: 'String', DataType: 'aws:ec2:image', ...input });

const NOT_AN_AMI = 'not-an-ami';
const AMI_MESSAGE =
  'The value of a parameter with the aws:ec2:image data type must be an AMI ID in the format ami-xxxxxxxx or ami-xxxxxxxxxxxxxxxxx.';

describe('PutParameter aws:ec2:image', () => {
  it('accepts both AMI id lengths and refuses anything else', async () => {
    assert.equal((await image({ Name: 'short', Value: 'ami-0123abcd' }))['Version'], 1);
    assert.equal((await image({ Name: 'long', Value: 'ami-0123456789abcdef0' }))['Version'], 1);
    await rejectsWith(image({ Name: 'bad', Value: NOT_AN_AMI }), 'ValidationException', AMI_MESSAGE);
    await rejectsWith(image({ Name: 'upper', Value: 'ami-0123ABCD' }), 'ValidationException', AMI_MESSAGE);
    await rejectsWith(h.call('GetParameter', { Name: 'bad' }), 'ParameterNotFound', '');
  });

  it('answers tags with Overwrite first', async () => {
    await rejectsWith(
      image({ Name: 'img', Value: NOT_AN_AMI, Overwrite: true, Tags: [{ Key: 'k', Value: 'v' }] }),
      'ValidationException',
      /^Invalid request: tags and overwrite can't be used together\./,
    );
  });

  it('answers a bad or reserved name first', async () => {
    await rejectsWith(image({ Name: 'a b', Value: NOT_AN_AMI }), 'ValidationException', /^Parameter name: can't be prefixed with "ssm"/);
    await rejectsWith(
      image({ Name: 'awsImage', Value: NOT_AN_AMI }),
      'ValidationException',
      'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
    );
  });

  it('answers an existing name without Overwrite first', async () => {
    await image({ Name: 'img', Value: 'ami-0123abcd' });
    await rejectsWith(
      image({ Name: 'img', Value: NOT_AN_AMI }),
      'ParameterAlreadyExists',
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
    );
  });

  it('answers the allowed pattern and the tier first', async () => {
    await rejectsWith(
      image({ Name: 'img', Value: NOT_AN_AMI, AllowedPattern: '^ami-.*$' }),
      'ParameterPatternMismatchException',
      'Parameter value, cannot be validated against allowedPattern: ^ami-.*$',
    );
    await rejectsWith(image({ Name: 'big', Value: 'x'.repeat(4097) }), 'ValidationException', /^Standard tier parameters support a maximum/);
  });

  it('answers a type other than String before the value', async () => {
    await rejectsWith(
      image({ Name: 'img', Value: NOT_AN_AMI, Type: 'StringList' }),
      'ValidationException',
      'The aws:ec2:image data type is only supported for parameters of type String.',
    );
  });

  it('checks an overwrite that keeps the data type', async () => {
    await image({ Name: 'img', Value: 'ami-0123abcd' });
    await rejectsWith(put({ Name: 'img', Value: NOT_AN_AMI, Overwrite: true }), 'ValidationException', AMI_MESSAGE);
    const history = await h.call('GetParameterHistory', { Name: 'img' });
    assert.equal((history['Parameters'] as unknown[]).length, 1);
  });
});
