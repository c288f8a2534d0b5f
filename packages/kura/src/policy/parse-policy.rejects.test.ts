// Documents AWS refuses, with the reason AWS gives. Most cases and reasons are the responses the
// moto project recorded against real IAM; cases marked "Kura" are deliberate extra strictness.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reasons } from './errors.js';
import { doc, reason, s3Statement, V12 } from './testing/documents.js';

const SYNTAX = reasons.syntax;
const LEGACY = reasons.legacyParsing;
const s = (extra: Record<string, unknown>): Record<string, unknown> => ({ ...s3Statement, ...extra });
const withCondition = (condition: unknown): string => doc(s({ Condition: condition }));

type Case = readonly [behaviour: string, text: string, expected: string];

function table(cases: readonly Case[]): void {
  for (const [behaviour, text, expected] of cases) {
    it(behaviour, () => assert.equal(reason(text), expected));
  }
}

describe('parsePolicy refuses malformed JSON and unknown structure with "Syntax errors in policy."', () => {
  table([
    ['text that is not JSON', 'This is not a json document', SYNTAX],
    ['an empty document', '', SYNTAX],
    ['JSON that is not an object', '[]', SYNTAX],
    ['trailing characters after the document', `${doc(s3Statement)} x`, SYNTAX],
    ['a byte-order mark before the document', `\uFEFF${doc(s3Statement)}`, SYNTAX],
    ['a duplicate key, which JSON.parse would silently resolve (Kura)', doc(s3Statement).replace('"Effect":"Allow"', '"Effect":"Deny","Effect":"Allow"'), SYNTAX],
    ['a duplicate top-level key (Kura)', `{"Version":"${V12}","Version":"2008-10-17","Statement":${JSON.stringify(s3Statement)}}`, SYNTAX],
    ['nesting deeper than any policy needs (Kura)', `{"Version":"${V12}","Statement":${'['.repeat(40)}${']'.repeat(40)}}`, SYNTAX],
    ['an unknown Version', doc(s3Statement, { Version: '2013-10-17' }), SYNTAX],
    ['a Version that is not a string', doc(s3Statement, { Version: 2012 }), SYNTAX],
    ['a document without Statement', JSON.stringify({ Version: V12 }), SYNTAX],
    ['an empty Statement array', doc([]), SYNTAX],
    ['a Statement that is a string', doc('afd'), SYNTAX],
    ['a Statement array holding a string', doc(['afd']), SYNTAX],
    ['an unknown top-level field', doc(s3Statement, { Version: V12, 'Extra field': 'value' }), SYNTAX],
    ['an unknown statement field', doc(s({ 'Extra field': 'value' })), SYNTAX],
    ['a statement field in the wrong case', doc({ effect: 'Allow', Action: 's3:*', Resource: '*' }), SYNTAX],
    ['an Id that is an array', doc(s3Statement, { Version: V12, Id: ['cd3a324d'] }), SYNTAX],
    ['an Id that is an object', doc(s3Statement, { Version: V12, Id: {} }), SYNTAX],
    ['an Effect that is neither Allow nor Deny', doc(s({ Effect: 'invalid' })), SYNTAX],
    ['a statement without Effect', doc({ Action: 's3:ListBucket', Resource: '*' }), SYNTAX],
    ['an Effect that is not a string', doc(s({ Effect: true })), SYNTAX],
    ['both Action and NotAction', doc(s({ NotAction: 's3:ListBucket', Action: 'iam:dsf' })), SYNTAX],
    ['both Action and NotAction even when one is empty', doc(s({ NotAction: 's3s:ListBucket', Action: [] })), SYNTAX],
    ['both Resource and NotResource', doc(s({ NotResource: '*' })), SYNTAX],
    ['both Resource and an empty NotResource', doc(s({ NotResource: [] })), SYNTAX],
    ['a Resource that is an object', doc(s({ Resource: { a: 'arn:aws:s3:::example_bucket' } })), SYNTAX],
    ['a Resource array holding an object', doc(s({ Effect: 'Deny', Resource: ['adfdf', {}] })), SYNTAX],
    ['a Resource that is null', doc(s({ Resource: null })), SYNTAX],
    ['an Action array holding an array', doc(s({ Effect: 'Deny', Action: [[]] })), SYNTAX],
    ['an Action that is an object', doc(s({ Action: {} })), SYNTAX],
    ['an Action that is a number', doc(s({ Action: 3 })), SYNTAX],
    ['a Sid that is an object', doc(s({ Sid: {} })), SYNTAX],
    ['a Sid that is an array', doc(s({ Sid: [] })), SYNTAX],
    ['both Principal and NotPrincipal', doc(s({ Principal: '*', NotPrincipal: '*' })), SYNTAX],
    ['a Principal that is a number', doc(s({ Principal: 1 })), SYNTAX],
    ['a Principal list holding a number', doc(s({ Principal: { AWS: [1] } })), SYNTAX],
  ]);
});

describe('parsePolicy refuses malformed conditions with "Syntax errors in policy."', () => {
  table([
    ['a Condition that is an array', withCondition([]), SYNTAX],
    ['a Condition that is a string', withCondition('a'), SYNTAX],
    ['a Condition list of blocks', withCondition([{ 'ForAllValues:StringEquals': { 'aws:TagKeys': 'Department' } }]), SYNTAX],
    ['an operator block that is a string', withCondition({ DateGreaterThan: 'b' }), SYNTAX],
    ['an operator block that is an array', withCondition({ DateGreaterThan: [] }), SYNTAX],
    ['a condition value that is an object', withCondition({ DateGreaterThan: { a: {} } }), SYNTAX],
    ['a condition value that is an object, even without Action', doc({ Effect: 'Allow', Resource: '*', Condition: { DateGreaterThan: { a: {} } } }), SYNTAX],
    ['a condition value that is null', withCondition({ StringEquals: { a: null } }), SYNTAX],
    ['a condition value list holding an array', withCondition({ StringEquals: { a: [['x']] } }), SYNTAX],
    ['an unknown operator', withCondition({ x: { a: '1' } }), SYNTAX],
    ['an unknown operator with an empty block, which AWS accepts (Kura: fail closed)', withCondition({ x: {} }), SYNTAX],
    ['an operator in the wrong case (Kura: fail closed)', withCondition({ stringequals: { a: '1' } }), SYNTAX],
    ['a set prefix followed by a second colon', withCondition({ 'ForAnyValue::StringEqualsIfExists': { a: 'asf' } }), SYNTAX],
    ['an unknown set prefix', withCondition({ 'ForSomeValues:StringEquals': { a: 'asf' } }), SYNTAX],
    ['IfExists on Null, which AWS documents as not allowed', withCondition({ NullIfExists: { a: 'true' } }), SYNTAX],
    ['IfExists alone', withCondition({ IfExists: { a: 'x' } }), SYNTAX],
  ]);
});

describe('parsePolicy refuses what AWS\'s legacy parser rejects with "The policy failed legacy parsing"', () => {
  table([
    ['an Effect in the wrong case', doc(s({ Effect: 'denY' })), LEGACY],
    ['an Effect in the wrong case before the missing-actions check', doc({ Effect: 'allow', Resource: 'arn:aws:s3:us-east-1::example_bucket' }), LEGACY],
    ['an Effect in the wrong case before the Sid check', doc([s({ Sid: 'sdf', Effect: 'aLLow' }), { Sid: 'sdf', Effect: 'Allow' }]), LEGACY],
    ['a Date value that is no date', withCondition({ DateGreaterThan: { a: 'sdfdsf' } }), LEGACY],
    ['a Date value that is no date, before the missing-actions check', doc({ Effect: 'Allow', Condition: { DateGreaterThan: { a: 'sdfdsf' } } }), LEGACY],
    ['a Date with month 13', withCondition({ DateLessThanEquals: { a: '234-13' } }), LEGACY],
    ['a Date whose offset has one digit', withCondition({ DateLessThanEquals: { a: '2016-12-13t2:00:00.593194+1' } }), LEGACY],
    ['a Date with ten fraction digits', withCondition({ DateLessThanEquals: { a: '2016-12-13t2:00:00.1999999999+10:59' } }), LEGACY],
    ['an epoch Date beyond a Java long', withCondition({ DateLessThan: { a: '9223372036854775808' } }), LEGACY],
    ['a bad Date in a list', withCondition({ DateEquals: { a: ['2020-01-01', 'never'] } }), LEGACY],
    ['a bad Date before a bad partition', doc(s({ Resource: 'arn:error:s3:::example_bucket', Condition: { DateGreaterThan: { a: 'sdfdsf' } } })), LEGACY],
    ['a resource with "::" and fewer than six parts', doc(s({ Resource: 'arn:aws:s3::example_bucket' })), LEGACY],
    ['such a resource, before the missing-actions check', doc({ Effect: 'Allow', Resource: 'arn:aws:s3::example_bucket' }), LEGACY],
    ['such a NotResource', doc({ Effect: 'Allow', Action: 's3:ListBucket', NotResource: 'arn:aws:s3::example_bucket' }), LEGACY],
    ['a resource with an empty service', doc({ Effect: 'Allow', NotAction: 's3:ListBucket', Resource: 'arn:aws::::example_bucket' }), LEGACY],
    ['a short resource with an empty service', doc(s({ Resource: 'arn:aws::fdsasf' })), LEGACY],
  ]);
});

describe('parsePolicy refuses bad statement ids, missing actions and missing resources', () => {
  table([
    ['two statements with one Sid', doc([s({ Sid: 'sdf' }), { Sid: 'sdf', Effect: 'Allow' }]), reasons.sidNotUnique],
    ['a Sid with a hyphen in an IAM policy', doc(s({ Sid: 'autogenerated-id' })), reasons.sidNotAlphanumeric],
    ['a Sid with a space in an IAM policy', doc(s({ Sid: 'Allow all' })), reasons.sidNotAlphanumeric],
    ['a statement without Action or NotAction', doc({ Effect: 'Allow', Resource: 'arn:aws:s3:::example_bucket' }), reasons.noActions],
    ['a statement with only Effect', doc({ Effect: 'Allow' }), reasons.noActions],
    ['an empty Action list', doc(s({ Action: [] })), reasons.noActions],
    ['an empty NotAction list', doc({ Effect: 'Allow', NotAction: [], Resource: '*' }), reasons.noActions],
    ['a second statement without actions', doc([{ Effect: 'Deny' }, s3Statement]), reasons.noActions],
    ['an invalid action in a statement without actions elsewhere', doc({ Effect: 'Allow', Action: 'invalid' }), reasons.actionWithoutVendor],
    ['a statement without Resource or NotResource', doc({ Effect: 'Allow', Action: 's3:ListBucket' }), reasons.noResources],
    ['an Allow of every action without resources', doc({ Effect: 'Allow', Action: '*' }), reasons.noResources],
    ['an empty Resource list', doc(s({ Resource: [] })), reasons.noResources],
    ['an empty NotResource list', doc({ Effect: 'Deny', Action: '*', NotResource: [] }), reasons.noResources],
  ]);
});

describe('parsePolicy refuses resources that are not ARNs', () => {
  table([
    ['a resource without colons', doc(s({ Resource: 'invalid resource' })), 'Resource invalid resource must be in ARN format or "*".'],
    ['an empty resource', doc(s({ Resource: '' })), 'Resource  must be in ARN format or "*".'],
    ['a resource without colons in a list', doc(s({ Resource: ['adf'] })), 'Resource adf must be in ARN format or "*".'],
    ['a resource whose first part is not "arn" (Kura)', doc(s({ Resource: 'foo:aws:s3:::bucket' })), 'Resource foo:aws:s3:::bucket must be in ARN format or "*".'],
    ['an unknown partition', doc({ Effect: 'Allow', NotAction: 's3s:ListBucket', Resource: 'a:bsdfdsafsad' }), 'Partition "bsdfdsafsad" is not valid for resource "arn:bsdfdsafsad:*:*:*:*".'],
    ['an unknown partition with a service', doc(s({ Resource: 'a:b:cadfsdf' })), 'Partition "b" is not valid for resource "arn:b:cadfsdf:*:*:*".'],
    ['an unknown partition with many parts', doc(s({ Resource: 'a:b:c:d:e:f:g:h' })), 'Partition "b" is not valid for resource "arn:b:c:d:e:f:g:h".'],
    ['an ARN without its "arn:" prefix', doc(s({ Resource: 'aws:s3:::example_bucket' })), 'Partition "s3" is not valid for resource "arn:s3:::example_bucket:*".'],
    ['a partition named "error"', doc(s({ Resource: ['arn:error:s3:::example_bucket'] })), 'Partition "error" is not valid for resource "arn:error:s3:::example_bucket".'],
    ['a resource with no service', doc(s({ Resource: 'arn:aws' })), reasons.resourceVendor],
    ['a wildcard in the service part, where IAM allows none (Kura)', doc(s({ Resource: 'arn:aws:s*:::bucket' })), reasons.resourceVendor],
    ['an IAM resource with a region', doc(s({ Resource: 'arn:aws:iam:us-east-1::example_bucket' })), 'IAM resource arn:aws:iam:us-east-1::example_bucket cannot contain region information.'],
    ['an S3 resource with a region', doc(s({ Resource: 'arn:aws:s3:us-east-1::example_bucket' })), 'Resource arn:aws:s3:us-east-1::example_bucket can not contain region information.'],
    [
      'an IAM resource of an unknown type',
      doc(s({ Resource: 'arn:aws:iam:::example_bucket' })),
      'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.',
    ],
  ]);
});

describe('parsePolicy refuses actions without a proper vendor', () => {
  table([
    ['an action without a colon', doc(s({ Action: 'invalid' })), reasons.actionWithoutVendor],
    ['an empty NotAction', doc({ Effect: 'Allow', NotAction: '', Resource: 'arn:aws:s3:::example_bucket' }), reasons.actionWithoutVendor],
    ['a vendor with a space', doc(s({ Action: 'a a:ListBucket' })), 'Vendor a a is not valid'],
    ['an empty vendor (Kura)', doc(s({ Action: ':ListBucket' })), 'Vendor  is not valid'],
    ['an action with two colons', doc(s({ Action: 's3:List:Bucket' })), reasons.actionColons],
    ['two colons in a later statement', doc([s({ Action: 's3s:ListBucket' }), s({ Action: 's:3s:ListBucket' })]), reasons.actionColons],
    ['a wildcard vendor', doc(s({ Action: ['s3:GetObject', '*:Untag*'] })), reasons.vendorWildcard],
    ['a vendor with a question mark', doc(s({ Action: 's?:GetObject' })), reasons.vendorWildcard],
  ]);
});

describe('parsePolicy refuses a principal where the kind of policy has none', () => {
  table([
    ['a Principal in an identity policy', doc(s({ Principal: { AWS: 'arn:aws:iam::111122223333:root' } })), reasons.principalNotAllowed],
    ['a NotPrincipal in an identity policy', doc(s({ Effect: 'Deny', NotPrincipal: '*' })), reasons.principalNotAllowed],
  ]);
  it('a Principal in a session policy', () => {
    assert.equal(reason(doc(s({ Principal: '*' })), 'session'), reasons.principalNotAllowed);
  });
  it('a session statement without resources', () => {
    assert.equal(reason(doc({ Effect: 'Allow', Action: 's3:*' }), 'session'), reasons.noResources);
  });
});
