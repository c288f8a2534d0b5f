// The least-privilege policies of the reference design, statement for statement what `kura policy`
// prints (packages/kura/src/manage/policy.ts), with the account, region, partition and key left as
// CloudFormation values so that one template serves every account and region (and `kura apply`).
// test/policy.test.ts synthesizes the stacks and compares these documents with kura's own output:
// a change on either side that makes them differ fails there, not in production.
//
//   parameters: ssm:GetParametersByPath on the path and below, ssm:GetParameter(s) below it, and
//     kms:Decrypt on the key only through SSM, only for parameters below the path;
//   secrets: secretsmanager:GetSecretValue on the secret (name-??????: the six characters Secrets
//     Manager appends), and kms:Decrypt on its key only through Secrets Manager, only for it.

import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/** `arn:<partition>:ssm:<region>:<account>:parameter<path>`; path starts with a slash. */
export function parameterArn(scope: IConstruct, path: string): string {
  const stack = Stack.of(scope);
  return `arn:${stack.partition}:ssm:${stack.region}:${stack.account}:parameter${path}`;
}

/** `arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-??????`. */
export function secretArnPattern(scope: IConstruct, name: string): string {
  const stack = Stack.of(scope);
  return `arn:${stack.partition}:secretsmanager:${stack.region}:${stack.account}:secret:${name}-??????`;
}

/** `kura-read-goecssample-database-sample-master`: kura policy's name for the path's policy. */
export function readPolicyName(path: string): string {
  return `kura-read-${path.slice(1).replace(/[^\w+=,.@-]/g, '-')}`.slice(0, 128);
}

/** The task role's policy: read `path` (e.g. /goecssample/database/sample/master), decrypt with the key. */
export function parameterReadPolicy(scope: IConstruct, path: string, keyArn: string): iam.PolicyDocument {
  const stack = Stack.of(scope);
  const below = parameterArn(scope, `${path}/*`);
  return iam.PolicyDocument.fromJson({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ReadParametersByPath', Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: [parameterArn(scope, path), below] },
      { Sid: 'ReadParametersByName', Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: below },
      {
        Sid: 'DecryptParametersThroughSsm',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: keyArn,
        Condition: {
          StringEquals: { 'kms:ViaService': `ssm.${stack.region}.${stack.urlSuffix}` },
          StringLike: { 'kms:EncryptionContext:PARAMETER_ARN': below },
        },
      },
    ],
  });
}

/** The statements that let ECS (as the execution role) read one secret encrypted under `keyArn`. */
export function secretReadStatements(scope: IConstruct, secretName: string, keyArn: string): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  const arn = secretArnPattern(scope, secretName);
  return [
    iam.PolicyStatement.fromJson({ Sid: 'ReadSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: arn }),
    iam.PolicyStatement.fromJson({
      Sid: 'DecryptSecretsThroughSecretsManager',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: keyArn,
      Condition: {
        StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.${stack.urlSuffix}` },
        StringLike: { 'kms:EncryptionContext:SecretARN': arn },
      },
    }),
  ];
}
