// A realistic decision for speed measurements: a role session of the reference design's task role
// decrypting a SecureString through SSM. Six policies, twelve statements, conditions, a key policy.

import { toPolicySet, type RawPolicySet } from '../testing/evaluate-arbitraries.js';
import { ACCOUNT, keyArn, param, REGION, rootArn, session } from '../testing/evaluate-kit.js';
import type { EvaluationRequest, PolicySet } from '../evaluation-types.js';

const v12 = (statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });

/** The policies as documents (what iam-simulate and other evaluators take). */
export const realisticDocs: RawPolicySet = {
  identity: [
    v12([
      { Effect: 'Allow', Action: ['ssm:DescribeParameters'], Resource: '*' },
      { Sid: 'Read', Effect: 'Allow', Action: ['ssm:GetParameters', 'ssm:GetParameter'], Resource: [`arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/goecssample/*`] },
      { Sid: 'Decrypt', Effect: 'Allow', Action: ['kms:Decrypt'], Resource: [keyArn()] },
    ]),
    v12([
      { Sid: 'Logs', Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: 'arn:aws:logs:*:*:log-group:/ecs/*' },
      { Sid: 'NoWrites', Effect: 'Deny', Action: ['ssm:Put*', 'ssm:Delete*', 'ssm:Label*'], Resource: '*' },
      { Sid: 'TlsOnly', Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    ]),
    v12([{ Sid: 'Own', Effect: 'Allow', Action: 'ssm:GetParameter*', Resource: param('home/${aws:PrincipalTag/team}/*'), Condition: { StringEquals: { 'aws:RequestedRegion': REGION } } }]),
  ],
  boundary: v12([
    { Effect: 'Allow', Action: ['ssm:*', 'kms:Decrypt', 'logs:*'], Resource: '*' },
    { Effect: 'Deny', NotAction: ['ssm:*', 'kms:*', 'logs:*', 'sts:GetCallerIdentity'], Resource: '*' },
  ]),
  session: [v12([{ Effect: 'Allow', Action: ['ssm:Get*', 'ssm:Describe*', 'kms:Decrypt'], Resource: '*' }])],
  resource: {
    kind: 'kms-key',
    doc: v12([
      { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: rootArn }, Action: 'kms:*', Resource: '*' },
      { Sid: 'ViaSsmOnly', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*', Condition: { StringNotEquals: { 'kms:ViaService': `ssm.${REGION}.amazonaws.com` } } },
    ]),
  },
};

export const realisticSet: PolicySet = toPolicySet(realisticDocs);

export const realisticRequest: EvaluationRequest = {
  principal: session('go-ecs-sample', 'a1b2c3'),
  action: 'kms:Decrypt',
  resource: keyArn(),
  context: {
    'aws:PrincipalArn': `arn:aws:iam::${ACCOUNT}:role/go-ecs-sample`,
    'aws:PrincipalAccount': ACCOUNT,
    'aws:PrincipalType': 'AssumedRole',
    'aws:userid': 'AROAEXAMPLEEXAMPLE:a1b2c3',
    'aws:PrincipalTag/team': 'blue',
    'aws:RequestedRegion': REGION,
    'aws:SourceIp': '127.0.0.1',
    'aws:SecureTransport': 'true',
    'aws:CurrentTime': '2025-01-01T00:00:00Z',
    'aws:EpochTime': '1735689600',
    'aws:ViaAWSService': 'true',
    'kms:ViaService': `ssm.${REGION}.amazonaws.com`,
    'kms:CallerAccount': ACCOUNT,
    'kms:EncryptionContext:PARAMETER_ARN': param('goecssample/database/sample/master/password'),
    'kms:EncryptionContextKeys': ['PARAMETER_ARN'],
  },
};
