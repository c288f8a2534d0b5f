// Access-denied texts (identity, KMS key and role trust policies), checked against the messages
// recorded from AWS.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accessDeniedMessage } from './deny-message.js';
import { decide, identity, keyArn, keyPolicy, rootArn, session } from './testing/evaluate-kit.js';

const SESSION = 'arn:aws:sts::123456789012:assumed-role/example-role/xxx';
const PARAM = 'arn:aws:ssm:ap-northeast-1:123456789012:parameter/testparam';

describe('accessDeniedMessage', () => {
  it('words an implicit deny as AWS does (SSM, recorded)', () => {
    assert.equal(
      accessDeniedMessage(SESSION, 'ssm:GetParameter', PARAM, { decision: 'ImplicitDeny', policyType: 'identity-based policy' }),
      `User: ${SESSION} is not authorized to perform: ssm:GetParameter on resource: ${PARAM} because no identity-based policy allows the ssm:GetParameter action`,
    );
  });

  it('words KMS denials for a key that does not delegate, and for a missing IAM policy', () => {
    const s = session('app');
    const roleOnly = keyPolicy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:role/other' }, Action: 'kms:*', Resource: '*' });
    const d1 = decide({ resource: roleOnly }, { principal: s, action: 'kms:DescribeKey', resource: keyArn() });
    assert.equal(accessDeniedMessage(s.arn, 'kms:DescribeKey', keyArn(), d1), `User: ${s.arn} is not authorized to perform: kms:DescribeKey on resource: ${keyArn()} because no resource-based policy allows the kms:DescribeKey action`);
    const delegating = keyPolicy({ Effect: 'Allow', Principal: { AWS: rootArn }, Action: 'kms:*', Resource: '*' });
    const d2 = decide({ resource: delegating }, { principal: s, action: 'kms:Decrypt', resource: keyArn() });
    assert.match(accessDeniedMessage(s.arn, 'kms:Decrypt', keyArn(), d2), / because no identity-based policy allows the kms:Decrypt action$/);
  });

  it('uses a/an/the before each policy type of an explicit deny', () => {
    const cases = [
      ['identity-based policy', 'an identity-based policy'],
      ['resource-based policy', 'a resource-based policy'],
      ['permissions boundary', 'a permissions boundary'],
      ['session policy', 'a session policy'],
      ['role trust policy', 'the role trust policy'],
    ] as const;
    for (const [policyType, words] of cases) {
      assert.equal(
        accessDeniedMessage('arn:aws:iam::1:user/u', 'kms:Decrypt', keyArn(), { decision: 'ExplicitDeny', policyType }),
        `User: arn:aws:iam::1:user/u is not authorized to perform: kms:Decrypt on resource: ${keyArn()} with an explicit deny in ${words}`,
      );
    }
  });

  it('words the trust-policy implicit deny, omits "on resource" when there is none, and falls back to the old text', () => {
    assert.equal(
      accessDeniedMessage('arn:aws:iam::1:user/x', 'sts:AssumeRole', 'arn:aws:iam::1:role/y', { decision: 'ImplicitDeny', policyType: 'role trust policy' }),
      'User: arn:aws:iam::1:user/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::1:role/y because no role trust policy allows the sts:AssumeRole action',
    );
    assert.equal(
      accessDeniedMessage('arn:aws:iam::1:user/x', 'ssm:DescribeParameters', undefined, { decision: 'ImplicitDeny', policyType: 'identity-based policy' }),
      'User: arn:aws:iam::1:user/x is not authorized to perform: ssm:DescribeParameters because no identity-based policy allows the ssm:DescribeParameters action',
    );
    assert.equal(
      accessDeniedMessage('arn:aws:iam::1:user/x', 'sts:AssumeRole', 'arn:aws:iam::1:role/y', { decision: 'ImplicitDeny' }),
      'User: arn:aws:iam::1:user/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::1:role/y',
    );
  });

  it('refuses to word an Allow', () => {
    const d = decide({ identity: [identity({ Effect: 'Allow', Action: '*', Resource: '*' })] }, { action: 'ssm:GetParameter', resource: PARAM });
    assert.throws(() => accessDeniedMessage('x', 'ssm:GetParameter', PARAM, d), TypeError);
  });
});
