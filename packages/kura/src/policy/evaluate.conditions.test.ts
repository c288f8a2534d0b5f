// Condition operators (IAM "Condition operators", "Conditions with multiple
// context keys or values"; KMS "kms:EncryptionContext:context-key").

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { identity, keyArn, keyPolicy, kind, param, roleArn, session } from './testing/evaluate-kit.js';
import type { EvaluationRequest } from './evaluation-types.js';

type Context = EvaluationRequest['context'];
/** Whether an Allow with `condition` applies to a request carrying `context`. */
const holds = (condition: Record<string, unknown>, context: Context): boolean =>
  kind({ identity: [identity({ Effect: 'Allow', Action: 'ssm:*', Resource: '*', Condition: condition })] }, { action: 'ssm:GetParameter', resource: param('a'), context }) === 'Allow';
/** Whether a Deny with `condition` fires (everything else allowed). */
const denies = (condition: Record<string, unknown>, context: Context): boolean =>
  kind({ identity: [identity([{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'ssm:*', Resource: '*', Condition: condition }])] }, { action: 'ssm:GetParameter', resource: param('a'), context }) === 'ExplicitDeny';

describe('string operators', () => {
  it('StringEquals is case-sensitive, StringEqualsIgnoreCase is not; key names never are', () => {
    assert.equal(holds({ StringEquals: { 'aws:PrincipalTag/team': 'Blue' } }, { 'aws:principaltag/TEAM': 'Blue' }), true);
    assert.equal(holds({ StringEquals: { 'aws:PrincipalTag/team': 'Blue' } }, { 'aws:PrincipalTag/team': 'blue' }), false);
    assert.equal(holds({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Blue' } }, { 'aws:PrincipalTag/team': 'bLUE' }), true);
    assert.equal(holds({ StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'Blue' } }, { 'aws:PrincipalTag/team': 'bLUE' }), false);
  });

  it('values OR for positive operators and NOR for negated ones; keys and operators AND', () => {
    const c = { 'aws:PrincipalTag/dept': ['finance', 'hr'] };
    assert.equal(holds({ StringEquals: c }, { 'aws:PrincipalTag/dept': 'hr' }), true);
    assert.equal(holds({ StringNotEquals: c }, { 'aws:PrincipalTag/dept': 'hr' }), false);
    assert.equal(holds({ StringNotEquals: c }, { 'aws:PrincipalTag/dept': 'legal' }), true);
    const two = { StringEquals: { 'aws:PrincipalTag/dept': 'hr', 'aws:PrincipalTag/role': 'audit' }, Bool: { 'aws:SecureTransport': 'true' } };
    assert.equal(holds(two, { 'aws:PrincipalTag/dept': 'hr', 'aws:PrincipalTag/role': 'audit', 'aws:SecureTransport': 'true' }), true);
    assert.equal(holds(two, { 'aws:PrincipalTag/dept': 'hr', 'aws:PrincipalTag/role': 'audit', 'aws:SecureTransport': 'false' }), false);
  });

  it('StringLike crosses colons while ArnLike compares part by part', () => {
    const value = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
    const pattern = 'arn:aws:someservice:*:111122223333:finance/*';
    assert.equal(holds({ StringLike: { 'aws:SourceArn': pattern } }, { 'aws:SourceArn': value }), true);
    assert.equal(holds({ ArnLike: { 'aws:SourceArn': pattern } }, { 'aws:SourceArn': value }), false);
    assert.equal(holds({ ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:*:111122223333:topic-?' } }, { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111122223333:topic-1' }), true);
    assert.equal(holds({ ArnNotLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:*' } }, { 'aws:SourceArn': 'arn:aws:sqs:eu-west-1:1:q' }), true);
  });
});

describe('missing keys, IfExists and Null', () => {
  it('a missing key is false, except for negated operators and IfExists', () => {
    assert.equal(holds({ StringEquals: { 'aws:PrincipalTag/team': 'x' } }, {}), false);
    assert.equal(holds({ StringNotEquals: { 'aws:PrincipalTag/team': 'x' } }, {}), true);
    assert.equal(holds({ StringEqualsIfExists: { 'aws:PrincipalTag/team': 'x' } }, {}), true);
    assert.equal(holds({ StringEqualsIfExists: { 'aws:PrincipalTag/team': 'x' } }, { 'aws:PrincipalTag/team': 'y' }), false);
    assert.equal(holds({ NumericLessThan: { 's3:max-keys': '10' } }, {}), false);
    assert.equal(holds({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, {}), true);
  });

  it('a Deny with a negated IfExists operator still denies when the key is missing', () => {
    assert.equal(denies({ StringNotEqualsIfExists: { 'aws:PrincipalTag/team': 'x' } }, {}), true);
    assert.equal(denies({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }, {}), true);
    assert.equal(denies({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }, { 'aws:MultiFactorAuthPresent': 'true' }), false);
  });

  it('Null tests presence: true means absent, false means present (an empty list is absent)', () => {
    assert.equal(holds({ Null: { 'aws:TokenIssueTime': 'true' } }, {}), true);
    assert.equal(holds({ Null: { 'aws:TokenIssueTime': 'true' } }, { 'aws:TokenIssueTime': '2024-01-01T00:00:00Z' }), false);
    assert.equal(holds({ Null: { 'kms:EncryptionContextKeys': false } }, { 'kms:EncryptionContextKeys': ['a'] }), true);
    assert.equal(holds({ Null: { 'kms:EncryptionContextKeys': false } }, { 'kms:EncryptionContextKeys': [] }), false);
  });
});

describe('set operators', () => {
  const tags = (...t: string[]) => ({ 'aws:TagKeys': t });

  it('ForAllValues is true for a missing or empty key — an Allow with it alone allows requests without tags', () => {
    const c = { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } };
    assert.equal(holds(c, {}), true);
    assert.equal(holds(c, tags()), true);
    assert.equal(holds(c, tags('env')), true);
    assert.equal(holds(c, tags('env', 'owner')), false);
  });

  it('ForAnyValue is false for a missing or empty key', () => {
    const c = { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } };
    assert.equal(holds(c, {}), false);
    assert.equal(holds(c, tags()), false);
    assert.equal(holds(c, tags('owner', 'env')), true);
  });

  it('negated operators apply per request value', () => {
    const all = { 'ForAllValues:StringNotLike': { 'aws:TagKeys': 'key1*' } };
    assert.equal(denies(all, tags('key1:legal')), false);
    assert.equal(denies(all, tags('key2:audit')), true);
    assert.equal(denies(all, {}), true);
    const any = { 'ForAnyValue:StringNotLike': { 'aws:TagKeys': ['Owner:*', 'State:??'] } };
    assert.equal(holds(any, tags('Owner:Legal', 'State:NY')), false);
    assert.equal(holds(any, tags('owner:Legal', 'Owner:Legal')), true);
    assert.equal(holds(any, {}), false);
  });

  it('never matches a multi-valued key used without a set operator', () => {
    assert.equal(holds({ StringEquals: { 'aws:TagKeys': 'env' } }, tags('env')), false);
    assert.equal(holds({ StringNotEquals: { 'aws:TagKeys': 'env' } }, tags('x')), false);
  });
});

describe('typed operators', () => {
  it('Numeric compares numbers', () => {
    assert.equal(holds({ NumericLessThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '10' }), true);
    assert.equal(holds({ NumericLessThanEquals: { 's3:max-keys': '10' } }, { 's3:max-keys': '10.5' }), false);
    assert.equal(holds({ NumericEquals: { 'x:n': '1e1' } }, { 'x:n': '10' }), true);
    assert.equal(holds({ NumericGreaterThan: { 'x:n': '-1' } }, { 'x:n': 'abc' }), false);
  });

  it('Date compares ISO 8601 and epoch seconds alike', () => {
    const c = { DateGreaterThan: { 'aws:TokenIssueTime': '2020-01-01T00:00:01Z' } };
    assert.equal(holds(c, { 'aws:TokenIssueTime': '2020-06-01T00:00:00Z' }), true);
    assert.equal(holds(c, { 'aws:TokenIssueTime': '2019-12-31T23:59:59Z' }), false);
    assert.equal(holds({ DateLessThan: { 'aws:EpochTime': '2030-01-01T00:00:00+01:00' } }, { 'aws:EpochTime': '1700000000' }), true);
    assert.equal(holds({ DateEquals: { 'aws:CurrentTime': '1577836800' } }, { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }), true);
    assert.equal(holds({ DateNotEquals: { 'aws:CurrentTime': '2020-01-01' } }, { 'aws:CurrentTime': '2020-01-01T00:00:00.000Z' }), false);
  });

  it('Bool, BinaryEquals and IpAddress (v4 and v6)', () => {
    assert.equal(holds({ Bool: { 'aws:SecureTransport': true } }, { 'aws:SecureTransport': 'TRUE' }), true);
    assert.equal(holds({ BinaryEquals: { 'x:b': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }, { 'x:b': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' }), true);
    assert.equal(holds({ BinaryEquals: { 'x:b': 'QmluYXJ5VmFsdWVJbkJhc2U2NA==' } }, { 'x:b': 'QmluYXJ5' }), false);
    const ip = { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } };
    assert.equal(holds(ip, { 'aws:SourceIp': '203.0.113.77' }), true);
    assert.equal(holds(ip, { 'aws:SourceIp': '203.0.114.1' }), false);
    assert.equal(holds(ip, { 'aws:SourceIp': '2001:db8:1234:5678:abcd::1' }), true);
    assert.equal(holds(ip, { 'aws:SourceIp': '2001:db8:1234:5679::1' }), false);
    assert.equal(holds({ IpAddress: { 'aws:SourceIp': '127.0.0.1' } }, { 'aws:SourceIp': '127.0.0.1' }), true);
    assert.equal(holds({ NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '10.1.2.3' }), false);
  });
});

describe('KMS encryption context', () => {
  const kp = (condition: Record<string, unknown>) => keyPolicy({ Effect: 'Allow', Principal: { AWS: roleArn('app') }, Action: 'kms:Decrypt', Resource: '*', Condition: condition });
  const decrypt = (context: Context) => ({ principal: session('app'), action: 'kms:Decrypt', resource: keyArn(), context });
  const arn = param('goecssample/db');

  it('matches kms:EncryptionContext:PARAMETER_ARN whatever the case of the key name', () => {
    const p = kp({ StringEquals: { 'kms:EncryptionContext:PARAMETER_ARN': arn } });
    assert.equal(kind({ resource: p }, decrypt({ 'kms:EncryptionContext:PARAMETER_ARN': arn })), 'Allow');
    assert.equal(kind({ resource: p }, decrypt({ 'kms:encryptioncontext:parameter_arn': arn })), 'Allow');
    assert.equal(kind({ resource: p }, decrypt({ 'kms:EncryptionContext:PARAMETER_ARN': param('other') })), 'ImplicitDeny');
    assert.equal(kind({ resource: p }, decrypt({})), 'ImplicitDeny');
  });

  it('shows why ForAllValues must not be used with a single-valued key: it allows a missing context', () => {
    const p = kp({ 'ForAllValues:StringEquals': { 'kms:EncryptionContext:PARAMETER_ARN': arn } });
    assert.equal(kind({ resource: p }, decrypt({})), 'Allow');
  });

  it('evaluates request keys differing only by case with every value: Allow needs all, Deny any', () => {
    const context = { 'kms:EncryptionContext:Stage': 'Dev', 'kms:EncryptionContext:stage': 'Production' };
    assert.equal(kind({ resource: kp({ StringEquals: { 'kms:EncryptionContext:stage': 'Dev' } }) }, decrypt(context)), 'ImplicitDeny');
    const denyProd = keyPolicy([
      { Effect: 'Allow', Principal: { AWS: roleArn('app') }, Action: 'kms:Decrypt', Resource: '*' },
      { Effect: 'Deny', Principal: { AWS: roleArn('app') }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringEquals: { 'kms:EncryptionContext:Stage': 'Production' } } },
    ]);
    assert.equal(kind({ resource: denyProd }, decrypt(context)), 'ExplicitDeny');
    assert.equal(kind({ resource: denyProd }, decrypt({ 'kms:EncryptionContext:Stage': 'Dev' })), 'Allow');
  });
});
