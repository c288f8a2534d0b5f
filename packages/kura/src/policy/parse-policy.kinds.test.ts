// What changes with where a policy is attached: principals (trust and key policies), resources
// (identity and session policies), Sid rules, size limits and the Version requirement.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reasons } from './errors.js';
import { POLICY_SIZE_LIMITS, policyLength } from './limits.js';
import { accept, doc, keyStatement, reason, refusal, s3Statement, trustStatement, V12 } from './testing/documents.js';

const trust = (extra: Record<string, unknown>): string => doc({ ...trustStatement, ...extra });
const key = (extra: Record<string, unknown>): string => doc({ ...keyStatement, ...extra });
const ROLE = 'arn:aws:iam::111122223333:role/app/Reader';

describe('parsePolicy for role trust policies', () => {
  it('accepts a service principal without Resource and reports it lower-cased', () => {
    const [st] = accept(trust({ Principal: { Service: ['EC2.amazonaws.com', 'ecs-tasks.amazonaws.com'] } }), 'trust').statements;
    assert.equal(st?.resources, undefined);
    assert.deepEqual(st?.principals, { negated: false, wildcard: false, aws: [], service: ['ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'], federated: [], canonicalUser: [] });
  });

  it('accepts account, user, role and session principals and rewrites an account id to its root ARN', () => {
    const principal = { AWS: ['111122223333', ROLE, 'arn:aws:iam::111122223333:user/bob', 'arn:aws:sts::111122223333:assumed-role/Reader/s1', 'arn:aws:iam::444455556666:root'] };
    const [st] = accept(trust({ Principal: principal }), 'trust').statements;
    assert.deepEqual(st?.principals?.aws, ['arn:aws:iam::111122223333:root', ...principal.AWS.slice(1)]);
  });

  it('accepts SAML, OIDC and web-identity federated principals', () => {
    const Federated = ['arn:aws:iam::111122223333:saml-provider/Okta', 'arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC', 'Accounts.Google.com'];
    const [st] = accept(trust({ Principal: { Federated }, Action: 'sts:AssumeRoleWithWebIdentity' }), 'trust').statements;
    assert.deepEqual(st?.principals?.federated, [...Federated.slice(0, 2), 'accounts.google.com']);
  });

  it('reads "*" and {"AWS": "*"} alike as anyone', () => {
    for (const Principal of ['*', { AWS: '*' }, { AWS: ['*'] }]) {
      const [st] = accept(trust({ Principal }), 'trust').statements;
      assert.equal(st?.principals?.wildcard, true);
      assert.deepEqual(st?.principals?.aws, []);
    }
  });

  it('refuses a statement with no Principal', () => {
    assert.equal(reason(doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'trust'), 'Missing required field Principal');
  });

  it('refuses Resource and NotResource, naming the field', () => {
    assert.equal(reason(trust({ Resource: '*' }), 'trust'), 'Has prohibited field Resource');
    assert.equal(reason(trust({ NotResource: '*' }), 'trust'), 'Has prohibited field NotResource');
  });

  it('refuses NotPrincipal, which AWS documents as unusable in trust policies', () => {
    assert.equal(reason(doc({ Effect: 'Deny', NotPrincipal: { AWS: ROLE }, Action: 'sts:AssumeRole' }), 'trust'), 'Has prohibited field NotPrincipal');
  });

  it('answers text that is not JSON as IAM CreateRole does', () => {
    assert.equal(reason('assume-role-policy.json', 'trust'), 'This policy contains invalid Json');
  });

  it('refuses invalid principals with the type and value, as IAM does', () => {
    const cases: ReadonlyArray<readonly [unknown, string]> = [
      [{ Service: 'amazonaws.com' }, 'Invalid principal in policy: "SERVICE":"amazonaws.com"'],
      [{ Service: '*' }, 'Invalid principal in policy: "SERVICE":"*"'],
      [{ AWS: 'arn:aws:iam::111122223333:role/*' }, 'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:role/*"'],
      [{ AWS: 'arn:aws:iam::111122223333:group/admins' }, 'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:group/admins"'],
      [{ AWS: '11112222333' }, 'Invalid principal in policy: "AWS":"11112222333"'],
      [{ Federated: 'arn:aws:iam::111122223333:saml-provider/*' }, 'Invalid principal in policy: "FEDERATED":"arn:aws:iam::111122223333:saml-provider/*"'],
      [{ User: 'bob' }, 'Invalid principal in policy: "USER":"bob"'],
      ['arn:aws:iam::111122223333:root', 'Invalid principal in policy: "arn:aws:iam::111122223333:root"'],
    ];
    for (const [Principal, expected] of cases) assert.equal(reason(trust({ Principal }), 'trust'), expected);
  });

  it('refuses a principal object or list with nothing in it', () => {
    for (const Principal of [{}, { AWS: [] }, { AWS: [], Service: [] }]) {
      assert.equal(reason(trust({ Principal }), 'trust'), reasons.noPrincipals);
    }
  });

  it('requires actions and refuses Sids that are not alphanumeric', () => {
    assert.equal(reason(doc({ Effect: 'Allow', Principal: '*' }), 'trust'), reasons.noActions);
    assert.equal(reason(trust({ Sid: 'Allow-EC2' }), 'trust'), reasons.sidNotAlphanumeric);
  });
});

describe('parsePolicy for KMS key policies (kind "resource")', () => {
  it('accepts AWS\'s default key policy, Sid with spaces included', () => {
    const policy = accept(doc([keyStatement], { Version: V12, Id: 'key-default-1' }), 'resource');
    assert.equal(policy.statements[0]?.sid, 'Enable IAM User Permissions');
    assert.deepEqual(policy.statements[0]?.principals?.aws, ['arn:aws:iam::111122223333:root']);
  });

  it('accepts the AWS-managed aws/ssm key policy shape with conditions', () => {
    const statement = {
      Sid: 'Allow access through SSM',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
      Resource: '*',
      Condition: { StringEquals: { 'kms:CallerAccount': '111122223333', 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' } },
    };
    const [st] = accept(doc([statement, { ...keyStatement, Sid: 'Allow direct access', Action: ['kms:Describe*', 'kms:Get*', 'kms:List*', 'kms:RevokeGrant'] }]), 'resource').statements;
    assert.equal(st?.principals?.wildcard, true);
    assert.equal(st?.conditions.length, 2);
  });

  it('allows duplicate Sids and statements without Resource', () => {
    const { Resource: _omitted, ...noResource } = keyStatement;
    assert.equal(accept(doc([keyStatement, noResource]), 'resource').statements[1]?.resources, undefined);
  });

  it('rewrites a bare account id to the root ARN of the configured partition', () => {
    const [st] = accept(key({ Principal: { AWS: '111122223333' } }), 'resource', { partition: 'aws-cn' }).statements;
    assert.deepEqual(st?.principals?.aws, ['arn:aws-cn:iam::111122223333:root']);
  });

  it('accepts NotPrincipal with Deny, as a negated principal set', () => {
    const [st] = accept(doc({ Effect: 'Deny', NotPrincipal: { AWS: ROLE }, Action: 'kms:*', Resource: '*' }), 'resource').statements;
    assert.equal(st?.principals?.negated, true);
  });

  it('refuses NotPrincipal with Allow, which AWS documents as unsupported (Kura: fail closed)', () => {
    assert.equal(reason(doc({ Effect: 'Allow', NotPrincipal: { AWS: ROLE }, Action: 'kms:*', Resource: '*' }), 'resource'), reasons.notPrincipalWithAllow);
  });

  it('refuses a statement without a principal', () => {
    assert.equal(reason(doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }), 'resource'), 'Missing required field Principal');
  });

  it('answers every invalid principal with KMS\'s wording', () => {
    for (const Principal of ['arn:aws:iam::111122223333:root', { AWS: 'bob' }, { AWS: [] }, { Service: 'kms' }]) {
      assert.equal(reason(key({ Principal }), 'resource'), 'Policy contains a statement with one or more invalid principals.');
    }
  });

  it('normalizes canonical users and removes duplicate principals', () => {
    const id = 'A'.repeat(64);
    const [st] = accept(key({ Principal: { CanonicalUser: [id, id.toLowerCase()], AWS: ['111122223333', 'arn:aws:iam::111122223333:root'] } }), 'resource').statements;
    assert.deepEqual(st?.principals?.canonicalUser, ['a'.repeat(64)]);
    assert.deepEqual(st?.principals?.aws, ['arn:aws:iam::111122223333:root']);
  });

  it('still refuses an empty Resource list', () => {
    assert.equal(reason(key({ Resource: [] }), 'resource'), reasons.noResources);
  });
});

describe('parsePolicy for session policies', () => {
  it('accepts an identity-shaped document', () => {
    assert.equal(accept(doc(s3Statement), 'session').kind, 'session');
  });
});

describe('parsePolicy size limits', () => {
  const sized = (nonWhitespace: number): string => {
    const base = doc({ ...s3Statement, Sid: '' });
    const filler = 'x'.repeat(nonWhitespace - policyLength(base, 'non-whitespace-chars'));
    return doc({ ...s3Statement, Sid: filler }).replace('{', '{\n    ');
  };

  it('counts IAM sizes without whitespace, accepting a managed policy of exactly 6,144 characters', () => {
    const text = sized(POLICY_SIZE_LIMITS.managedPolicy);
    assert.ok(text.length > POLICY_SIZE_LIMITS.managedPolicy);
    accept(text, 'identity', { maxLength: POLICY_SIZE_LIMITS.managedPolicy });
  });

  it('refuses one character more as too large, with AWS\'s wording and the measured length', () => {
    const error = refusal(sized(6145), 'identity', { maxLength: 6144 });
    assert.deepEqual([error.code, error.reason, error.length, error.limit], ['too-large', 'Cannot exceed quota for PolicySize: 6144', 6145, 6144]);
  });

  it('checks size before syntax, so an oversized document is refused without being parsed', () => {
    assert.equal(refusal('x'.repeat(3000), 'trust', { maxLength: POLICY_SIZE_LIMITS.trustPolicy }).code, 'too-large');
  });

  it('counts KMS key policies in UTF-8 bytes, whitespace included', () => {
    const text = key({}).replace('{', `{${' '.repeat(POLICY_SIZE_LIMITS.keyPolicyBytes)}`);
    assert.equal(refusal(text, 'resource', { maxLength: POLICY_SIZE_LIMITS.keyPolicyBytes }).code, 'too-large');
    accept(text, 'resource', { maxLength: POLICY_SIZE_LIMITS.keyPolicyBytes, lengthUnit: 'non-whitespace-chars' });
    assert.equal(policyLength('é é', 'utf8-bytes'), 5);
    assert.equal(policyLength('é\té', 'non-whitespace-chars'), 2);
  });

  it('uses the caller\'s wording when given (inline limits name the user or role)', () => {
    const error = refusal(sized(2049), 'identity', { maxLength: 2048, tooLargeReason: 'Maximum policy size of 2048 bytes exceeded for user bob' });
    assert.equal(error.reason, 'Maximum policy size of 2048 bytes exceeded for user bob');
  });
});

describe('parsePolicy Version requirement for managed policies', () => {
  it('refuses a missing or 2008-10-17 Version when required, before any other check', () => {
    assert.equal(reason(doc(s3Statement, {}), 'identity', { requireVersion2012: true }), reasons.versionTooOld);
    assert.equal(reason(doc([s3Statement, { Sid: 'x', Effect: 'Allow' }], { Version: '2008-10-17' }), 'identity', { requireVersion2012: true }), reasons.versionTooOld);
    accept(doc(s3Statement), 'identity', { requireVersion2012: true });
  });
});
