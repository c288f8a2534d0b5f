// The least-privilege IAM policy for a workload that reads one path and decrypts it with one key:
//   ssm:GetParametersByPath on the path itself and its sub-paths (by-path reads are authorized on
//     the path ARN, not on each parameter),
//   ssm:GetParameter / ssm:GetParameters on every parameter below the path (reads by name, selectors),
//   kms:Decrypt on the key's ARN (an alias ARN authorizes nothing for Decrypt), and only through SSM
//     (kms:ViaService) for parameters below the path (the PARAMETER_ARN encryption context SSM sends).
// Nothing else: no ssm:DescribeParameters (not needed to read), no writes, no other keys. With the
// AWS managed key alias/aws/ssm no KMS statement is needed: its key policy lets the account's
// principals decrypt through SSM.
// Secrets, when asked for, the same way: secretsmanager:GetSecretValue on each secret's ARN (a name
// as `secret:NAME-??????`, since Secrets Manager appends six random characters to every ARN), and
// kms:Decrypt on their key only through Secrets Manager for those secrets (the SecretARN encryption
// context it sends); none with the AWS managed key aws/secretsmanager.

import { shellQuote } from './shell-quote.js';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface ReadPolicyInput {
  /** A parameter path: `/app` (normalized: leading slash, no trailing slash; `/` for everything). */
  path?: string | undefined;
  region: string;
  accountId: string;
  /** The key's ARN; undefined for the AWS managed key (no KMS statement). */
  keyArn?: string | undefined;
  /** Secrets to read: names, or complete ARNs (used as given). */
  secrets?: string[] | undefined;
  /** The secrets' key ARN; undefined for the AWS managed key aws/secretsmanager (no KMS statement). */
  secretKeyArn?: string | undefined;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

function dnsSuffix(partition: string): string {
  return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

export function readPolicy(input: ReadPolicyInput): PolicyDocument {
  const statements = input.path !== undefined ? parameterStatements({ ...input, path: input.path }) : [];
  if (input.secrets !== undefined && input.secrets.length > 0) statements.push(...secretStatements(input.secrets, input));
  return { Version: '2012-10-17', Statement: statements };
}

function parameterStatements(input: ReadPolicyInput & { path: string }): PolicyStatement[] {
  const partition = partitionOf(input.region);
  const parameterArn = (suffix: string) => `arn:${partition}:ssm:${input.region}:${input.accountId}:parameter${suffix}`;
  const root = input.path === '/';
  const below = parameterArn(root ? '/*' : `${input.path}/*`);
  const statements: PolicyStatement[] = [
    {
      Sid: 'ReadParametersByPath',
      Effect: 'Allow',
      Action: 'ssm:GetParametersByPath',
      // `parameter/*` also matches `parameter/` (the root path as sent); a sub-path needs the /* form.
      Resource: root ? below : [parameterArn(input.path), below],
    },
    { Sid: 'ReadParametersByName', Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: below },
  ];
  if (input.keyArn) {
    statements.push({
      Sid: 'DecryptParametersThroughSsm',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: input.keyArn,
      Condition: {
        StringEquals: { 'kms:ViaService': `ssm.${input.region}.${dnsSuffix(partition)}` },
        StringLike: { 'kms:EncryptionContext:PARAMETER_ARN': below },
      },
    });
  }
  return statements;
}

/** A secret name Secrets Manager would accept (CreateSecret's characters). */
export const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SECRET_ARN = /^arn:[^:]+:secretsmanager:([^:]+):[^:]*:secret:[^:]+$/;

/** The ARN pattern of a secret given by name (`secret:NAME-??????`), or a complete ARN as given. */
export function secretArnPattern(secret: string, region: string, accountId: string): string {
  if (SECRET_ARN.test(secret)) return secret;
  return `arn:${partitionOf(region)}:secretsmanager:${region}:${accountId}:secret:${secret}-??????`;
}

function secretStatements(secrets: string[], input: ReadPolicyInput): PolicyStatement[] {
  const arns = [...new Set(secrets.map((secret) => secretArnPattern(secret, input.region, input.accountId)))];
  const one = <T>(list: T[]): T | T[] => (list.length === 1 ? list[0]! : list);
  const statements: PolicyStatement[] = [{ Sid: 'ReadSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: one(arns) }];
  if (input.secretKeyArn) {
    // A secret of another region (by ARN) is decrypted through that region's Secrets Manager.
    const regions = [...new Set(arns.map((arn) => SECRET_ARN.exec(arn)?.[1] ?? input.region))];
    const via = regions.map((region) => `secretsmanager.${region}.${dnsSuffix(partitionOf(region))}`);
    statements.push({
      Sid: 'DecryptSecretsThroughSecretsManager',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: input.secretKeyArn,
      Condition: { StringEquals: { 'kms:ViaService': one(via) }, StringLike: { 'kms:EncryptionContext:SecretARN': one(arns) } },
    });
  }
  return statements;
}

/** Who may assume the role; ECS tasks by default (the reference design's task role). */
export function trustPolicy(service: string): { Version: '2012-10-17'; Statement: Array<Record<string, unknown>> } {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] };
}

/** `kura-read-app-config` for /app/config (`kura-read-secrets` without a path); IAM policy names allow [\w+=,.@-], at most 128. */
export function policyName(path: string | undefined): string {
  const tail = path === undefined ? 'secrets' : path === '/' ? 'all' : path.slice(1).replace(/[^\w+=,.@-]/g, '-');
  return `kura-read-${tail}`.slice(0, 128);
}

export const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

export interface RoleSetup {
  RoleName: string;
  AssumeRolePolicyDocument: ReturnType<typeof trustPolicy>;
  PolicyName: string;
  PolicyDocument: PolicyDocument;
}

/**
 * A POSIX shell script that creates the role with the AWS CLI and puts the policy on it inline (one
 * role, one purpose: an inline policy goes away with the role). The documents are in quoted
 * heredocs, so nothing in them is expanded.
 */
export function roleScript(setup: RoleSetup, about: string): string {
  const doc = (value: unknown) => `"$(cat <<'KURA_JSON'\n${JSON.stringify(value, null, 2)}\nKURA_JSON\n)"`;
  return [
    '#!/bin/sh',
    // A comment line: a newline in a user-given path or key must not start a command.
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    `# Generated by kura policy: ${about.replace(/[\u0000-\u001f\u007f]/g, ' ')}.`,
    '# Run with credentials allowed iam:CreateRole and iam:PutRolePolicy (add --endpoint-url for kura serve).',
    'set -eu',
    `aws iam create-role --role-name ${shellQuote(setup.RoleName)} --assume-role-policy-document ${doc(setup.AssumeRolePolicyDocument)}`,
    `aws iam put-role-policy --role-name ${shellQuote(setup.RoleName)} --policy-name ${shellQuote(setup.PolicyName)} --policy-document ${doc(setup.PolicyDocument)}`,
    '',
  ].join('\n');
}

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', account = ''] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(':') };
}

/** The AWS managed key for Parameter Store, by any of the names a user may give it. */
export function isAwsManagedSsmKey(key: string): boolean {
  return isAwsManagedKey(key, 'ssm');
}

/** The AWS managed key of a service (`alias/aws/ssm`, `alias/aws/secretsmanager`), by alias name or alias ARN. */
export function isAwsManagedKey(key: string, service: 'ssm' | 'secretsmanager'): boolean {
  return key === `alias/aws/${service}` || new RegExp(`^arn:[^:]+:kms:[^:]*:[^:]*:alias/aws/${service}$`).test(key);
}
