// The pseudo parameters as a seed is read: substituted in every string value, other `${…}` left,
// and the escaped form `kura seed export` writes (manage/seed-export-pseudo.ts) read back as the text.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { substitutePseudoParameters } from './pseudo-parameters.js';

const HERE = { AccountId: '000000000000', Region: 'us-east-1', Partition: 'aws' };

describe('pseudo parameters, substituted', () => {
  test('in every string value, in lists and mappings; keys and other values left as they are', () => {
    const out = substitutePseudoParameters({ a: ['${AWS::Region}', 3, true, null], '${AWS::Region}': { b: 'x-${AWS::AccountId}-${AWS::Partition}' } }, HERE);
    assert.deepEqual(out, { a: ['us-east-1', 3, true, null], '${AWS::Region}': { b: 'x-000000000000-aws' } });
  });

  test('other ${…} stay; one ! less is the text itself', () => {
    const out = substitutePseudoParameters(['${aws:username} ${AWS::StackName} ${AWS::region}', '${!AWS::Region} and ${!!AWS::AccountId}', 'arn:aws:ssm:${!AWS::Region}:x'], HERE);
    assert.deepEqual(out, ['${aws:username} ${AWS::StackName} ${AWS::region}', '${AWS::Region} and ${!AWS::AccountId}', 'arn:aws:ssm:${AWS::Region}:x']);
  });
});
