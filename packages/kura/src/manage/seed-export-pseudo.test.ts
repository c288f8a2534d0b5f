// What `kura seed export` writes for ARNs: placeholders for the partition, the file's region and the
// caller's account, nothing else changed, and text that reads as a placeholder escaped (the seed
// reads `${!AWS::Region}` back as `${AWS::Region}`: seed/pseudo-parameters.test.ts).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { insertPseudoParameters } from './seed-export-pseudo.js';

const HERE = { AccountId: '000000000000', Region: 'us-east-1', Partition: 'aws' };

describe('seed export: pseudo parameters in ARNs', () => {
  test("the partition, the file's region and the caller's account, in ARNs only", () => {
    const out = insertPseudoParameters(
      {
        Resource: ['arn:aws:ssm:us-east-1:000000000000:parameter/app/*', 'arn:aws:ssm:eu-west-1:000000000000:parameter/x', 'arn:aws:ssm:*:111122223333:parameter/x'],
        Principal: { AWS: 'arn:aws:iam::000000000000:root' },
        managed: 'arn:aws:iam::aws:policy/AdministratorAccess',
        other: ['000000000000', 'us-east-1', 3, null],
        text: 'see arn:aws:sns:us-east-1:000000000000:topic; not xarn:aws:sns:us-east-1:000000000000:t',
        'arn:aws:iam::000000000000:root': 'a key is left',
      },
      HERE,
    );
    assert.deepEqual(out, {
      Resource: [
        'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/app/*',
        'arn:${AWS::Partition}:ssm:eu-west-1:${AWS::AccountId}:parameter/x',
        'arn:${AWS::Partition}:ssm:*:111122223333:parameter/x',
      ],
      Principal: { AWS: 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' },
      managed: 'arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess',
      other: ['000000000000', 'us-east-1', 3, null],
      text: 'see arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:topic; not xarn:aws:sns:us-east-1:000000000000:t',
      'arn:aws:iam::000000000000:root': 'a key is left',
    });
  });

  test('text that reads as a placeholder is escaped with one ! more; policy variables are left', () => {
    const out = insertPseudoParameters(['${AWS::Region} and ${!AWS::AccountId}', 'arn:aws:ssm:${AWS::Region}:000000000000:parameter/x', '${aws:username}'], HERE);
    assert.deepEqual(out, ['${!AWS::Region} and ${!!AWS::AccountId}', 'arn:aws:ssm:${!AWS::Region}:000000000000:parameter/x', '${aws:username}']);
  });
});
