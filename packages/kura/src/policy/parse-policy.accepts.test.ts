// Documents AWS accepts (many recorded against IAM by the moto project), and the normalized form
// the evaluator receives for them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accept, doc, s3Statement, V12 } from './testing/documents.js';

const bucket = 'arn:aws:s3:::example_bucket';
const s = (extra: Record<string, unknown>): Record<string, unknown> => ({ ...s3Statement, ...extra });

describe('parsePolicy accepts the identity-policy forms AWS accepts', () => {
  const accepted: ReadonlyArray<readonly [string, unknown, Record<string, unknown>?]> = [
    ['a single statement object', s3Statement],
    ['a statement array', [s3Statement]],
    ['a Resource list', s({ Resource: [bucket] })],
    ['a Resource list mixing "*" and an ARN', s({ Resource: [bucket, '*'] })],
    ['Action "*"', s({ Action: '*' })],
    ['an action name holding spaces', s({ Action: 'iam: asdf safdsf af ' })],
    ['vendors with digits, hyphens and dots', s({ Action: ['s3-s:ListBucket', 's3.s:ListBucket', 'aaaaaadsfdsafsadfsadfaaaaa:ListBucket'] })],
    ['an unknown service in a resource', s({ Resource: 'arn:aws:invalid-service:us-east-1::example_bucket' })],
    ['a short ARN that can match nothing', s({ Resource: 'arn:aws:fdsasf' })],
    ['an IAM user resource', s({ Resource: 'arn:aws:iam:::user/example_bucket' })],
    ['regional resources of regional services', s({ Resource: ['arn:aws:ec2:us-east-1::example_bucket', 'arn:aws:cloudwatch:us-east-1::x'] })],
    ['other partitions and a wildcard partition', s({ Resource: ['arn:aws-cn:s3:::b', 'arn:aws-us-gov:s3:::b', 'arn:*:s3:::b'] })],
    ['NotAction with Resource', { Effect: 'Allow', NotAction: 's3:ListBucket', Resource: bucket }],
    ['Deny with NotResource', { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::HRBucket/Payroll', 'arn:aws:s3:::HRBucket/Payroll/*'] }],
    ['NotAction with NotResource "*"', { Effect: 'Allow', NotAction: 's3:ListBucket', NotResource: '*' }],
    ['an Id', s3Statement, { Version: V12, Id: 'sdfsdfsdf' }],
    ['a document without Version', s3Statement, {}],
    ['Version 2008-10-17', s3Statement, { Version: '2008-10-17' }],
    ['one Sid and one statement without', [s({ Sid: 'sdf' }), s3Statement]],
    ['empty Sids, which need not be unique', [s({ Sid: '' }), s({ Sid: '' })]],
    ['an empty Condition', s({ Condition: {} })],
    ['an operator with an empty block', s({ Condition: { DateGreaterThan: {} } })],
    ['a condition key with an empty value list', s({ Condition: { DateGreaterThan: { a: [] } } })],
    ['lenient Date values', s({ Condition: { DateGreaterThan: { a: '01T' }, DateLessThan: { b: '-292275054' }, DateEquals: { c: '2016-12-13t2:00:00.593194+23' } } })],
    ['policy variables in resources and conditions', s({ Resource: 'arn:aws:iam::*:user/${aws:username}', Condition: { StringLike: { 's3:prefix': ['', 'home/${aws:userid}/*'] } } })],
    ['ARN wildcards in conditions', s({ Condition: { ArnEquals: { 'ec2:SourceInstanceARN': 'arn:aws:ec2:*:*:instance/instance-id' } } })],
    ['whitespace and escapes anywhere JSON allows them', s({ Action: 's3:\u004cistBucket' })],
  ];
  for (const [behaviour, statement, top] of accepted) {
    it(behaviour, () => {
      assert.ok(accept(doc(statement, top)).statements.length > 0);
    });
  }
  it('a document written with generous whitespace', () => {
    const text = ` {\n\t"Version" : "${V12}" ,\r\n "Statement" : [ { "Effect" : "Allow" , "Action" : "s3:*" , "Resource" : "*" } ] } \n`;
    assert.equal(accept(text).statements.length, 1);
  });
});

describe('parsePolicy normalizes what the evaluator reads', () => {
  it('wraps a single statement in an array and keeps Sid, Effect and Id', () => {
    const policy = accept(doc(s({ Sid: 'One', Effect: 'Deny' }), { Version: V12, Id: 'doc-1' }));
    assert.equal(policy.kind, 'identity');
    assert.equal(policy.id, 'doc-1');
    assert.deepEqual(
      policy.statements.map((st) => [st.sid, st.effect]),
      [['One', 'Deny']],
    );
  });

  it('lower-cases action patterns, keeping wildcards, because IAM compares actions case-insensitively', () => {
    const [st] = accept(doc(s({ Action: ['SSM:GetParameter*', 'ssm:getparamete?', 'KMS:*'] }))).statements;
    assert.deepEqual(st?.actions, { negated: false, patterns: ['ssm:getparameter*', 'ssm:getparamete?', 'kms:*'] });
  });

  it('keeps resource patterns exactly as written, because ARNs compare case-sensitively', () => {
    const [st] = accept(doc(s({ Resource: 'arn:aws:ssm:eu-west-1:111122223333:parameter/App/*' }))).statements;
    assert.deepEqual(st?.resources, { negated: false, patterns: ['arn:aws:ssm:eu-west-1:111122223333:parameter/App/*'] });
  });

  it('marks NotAction and NotResource as negated lists', () => {
    const [st] = accept(doc({ Effect: 'Deny', NotAction: 'iam:*', NotResource: ['arn:aws:s3:::a', 'arn:aws:s3:::b'] })).statements;
    assert.deepEqual(st?.actions, { negated: true, patterns: ['iam:*'] });
    assert.deepEqual(st?.resources, { negated: true, patterns: ['arn:aws:s3:::a', 'arn:aws:s3:::b'] });
  });

  it('activates policy variables only under Version 2012-10-17', () => {
    assert.deepEqual(
      [V12, '2008-10-17', undefined].map((Version) => {
        const policy = accept(doc(s3Statement, Version === undefined ? {} : { Version }));
        return [policy.version, policy.variablesActive];
      }),
      [
        [V12, true],
        ['2008-10-17', false],
        ['2008-10-17', false],
      ],
    );
  });

  it('gives identity statements no principals and an empty condition list when there is no Condition', () => {
    const [st] = accept(doc(s3Statement)).statements;
    assert.equal(st?.principals, undefined);
    assert.deepEqual(st?.conditions, []);
  });

  it('turns each condition key into one entry with its operator, IfExists flag and set prefix', () => {
    const [st] = accept(
      doc(
        s({
          Condition: {
            StringEquals: { 'aws:RequestTag/CostCenter': ['A-123', 'B-456'], 'aws:PrincipalTag/Team': 'x' },
            'ForAllValues:StringEquals': { 'aws:TagKeys': 'CostCenter' },
            'ForAnyValue:StringLikeIfExists': { 'aws:CalledVia': 'ssm.*' },
            BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' },
            Null: { 'aws:TokenIssueTime': 'true' },
          },
        }),
      ),
    ).statements;
    assert.deepEqual(st?.conditions, [
      { operator: 'StringEquals', ifExists: false, set: undefined, key: 'aws:RequestTag/CostCenter', values: ['A-123', 'B-456'] },
      { operator: 'StringEquals', ifExists: false, set: undefined, key: 'aws:PrincipalTag/Team', values: ['x'] },
      { operator: 'StringEquals', ifExists: false, set: 'ForAllValues', key: 'aws:TagKeys', values: ['CostCenter'] },
      { operator: 'StringLike', ifExists: true, set: 'ForAnyValue', key: 'aws:CalledVia', values: ['ssm.*'] },
      { operator: 'Bool', ifExists: true, set: undefined, key: 'aws:MultiFactorAuthPresent', values: ['false'] },
      { operator: 'Null', ifExists: false, set: undefined, key: 'aws:TokenIssueTime', values: ['true'] },
    ]);
  });

  it('keeps condition key names as written (the evaluator folds their case)', () => {
    const [st] = accept(doc(s({ Condition: { StringEquals: { 'KMS:EncryptionContext:Parameter_ARN': 'x' } } }))).statements;
    assert.equal(st?.conditions[0]?.key, 'KMS:EncryptionContext:Parameter_ARN');
  });

  it('turns JSON numbers and booleans in condition values into their text', () => {
    const text = `{"Version":"${V12}","Statement":{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*","Condition":{"NumericLessThanEquals":{"s3:max-keys":[10,1.50]},"Bool":{"aws:SecureTransport":false}}}}`;
    const [st] = accept(text).statements;
    assert.deepEqual(
      st?.conditions.map((c) => c.values),
      [['10', '1.50'], ['false']],
    );
  });

  it('decodes JSON escapes before validating and normalizing', () => {
    const [st] = accept(String.raw`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"S3:\u0047et*","Resource":"arn:aws:s3:::a\/b"}}`).statements;
    assert.deepEqual(st?.actions.patterns, ['s3:get*']);
    assert.deepEqual(st?.resources?.patterns, ['arn:aws:s3:::a/b']);
  });
});
