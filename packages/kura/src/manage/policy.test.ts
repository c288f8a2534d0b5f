import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isAwsManagedKey, isAwsManagedSsmKey, parseArn, policyName, readPolicy, roleScript, secretArnPattern, trustPolicy } from './policy.js';

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

describe('least-privilege read policy', () => {
  it('allows by-path reads on the path, named reads below it, and decryption only through SSM for that path', () => {
    assert.deepEqual(readPolicy({ path: '/app/prod', region: 'eu-west-1', accountId: '123456789012', keyArn: KEY }), {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'ReadParametersByPath',
          Effect: 'Allow',
          Action: 'ssm:GetParametersByPath',
          Resource: ['arn:aws:ssm:eu-west-1:123456789012:parameter/app/prod', 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/prod/*'],
        },
        { Sid: 'ReadParametersByName', Effect: 'Allow', Action: ['ssm:GetParameter', 'ssm:GetParameters'], Resource: 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/prod/*' },
        {
          Sid: 'DecryptParametersThroughSsm',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: KEY,
          Condition: {
            StringEquals: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' },
            StringLike: { 'kms:EncryptionContext:PARAMETER_ARN': 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/prod/*' },
          },
        },
      ],
    });
  });

  it('grants nothing beyond reading: no writes, no DescribeParameters, no wildcard actions or resources', () => {
    const doc = readPolicy({ path: '/app', region: 'us-east-1', accountId: '123456789012', keyArn: KEY });
    const actions = doc.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    assert.deepEqual(actions.sort(), ['kms:Decrypt', 'ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath']);
    const resources = doc.Statement.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
    assert.ok(resources.every((r) => r !== '*' && !r.includes('parameter/*')));
  });

  it('leaves out the KMS statement for the AWS managed key, and covers everything for /', () => {
    const doc = readPolicy({ path: '/', region: 'us-east-1', accountId: '123456789012' });
    assert.equal(doc.Statement.length, 2);
    assert.equal(doc.Statement[0]?.Resource, 'arn:aws:ssm:us-east-1:123456789012:parameter/*');
    assert.ok(isAwsManagedSsmKey('alias/aws/ssm'));
    assert.ok(isAwsManagedSsmKey('arn:aws:kms:us-east-1:123456789012:alias/aws/ssm'));
    assert.ok(!isAwsManagedSsmKey('alias/aws/ssm-not'));
  });

  it('uses the partition and service domain of the region', () => {
    const doc = readPolicy({ path: '/a', region: 'cn-north-1', accountId: '123456789012', keyArn: 'arn:aws-cn:kms:cn-north-1:123456789012:key/k' });
    assert.equal(doc.Statement[1]?.Resource, 'arn:aws-cn:ssm:cn-north-1:123456789012:parameter/a/*');
    assert.deepEqual(doc.Statement[2]?.Condition?.StringEquals, { 'kms:ViaService': 'ssm.cn-north-1.amazonaws.com.cn' });
  });

  it('names the inline policy after the path and parses ARNs', () => {
    assert.equal(policyName('/app/prod'), 'kura-read-app-prod');
    assert.equal(policyName('/'), 'kura-read-all');
    assert.deepEqual(parseArn(KEY), { partition: 'aws', service: 'kms', region: 'eu-west-1', account: '123456789012', resource: 'key/1234abcd-12ab-34cd-56ef-1234567890ab' });
    assert.equal(parseArn('alias/x'), undefined);
  });

  it('adds secrets when asked: GetSecretValue on each ARN pattern, Decrypt only through Secrets Manager for them', () => {
    const other = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:shared/api-AbCdEf';
    const doc = readPolicy({ path: '/app', region: 'eu-west-1', accountId: '123456789012', keyArn: KEY, secrets: ['app/db', other, 'app/db'], secretKeyArn: KEY });
    assert.deepEqual(doc.Statement.slice(3), [
      { Sid: 'ReadSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-??????', other] },
      {
        Sid: 'DecryptSecretsThroughSecretsManager',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: KEY,
        Condition: {
          StringEquals: { 'kms:ViaService': ['secretsmanager.eu-west-1.amazonaws.com', 'secretsmanager.us-west-2.amazonaws.com'] },
          StringLike: { 'kms:EncryptionContext:SecretARN': ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-??????', other] },
        },
      },
    ]);
  });

  it('secrets alone, under the AWS managed key: one statement, and a policy name of its own', () => {
    const doc = readPolicy({ region: 'us-east-1', accountId: '123456789012', secrets: ['app/db'] });
    assert.deepEqual(doc.Statement, [{ Sid: 'ReadSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-??????' }]);
    assert.equal(policyName(undefined), 'kura-read-secrets');
    assert.equal(secretArnPattern('x', 'cn-north-1', '123456789012'), 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x-??????');
    assert.ok(isAwsManagedKey('alias/aws/secretsmanager', 'secretsmanager') && isAwsManagedKey('arn:aws:kms:us-east-1:1:alias/aws/secretsmanager', 'secretsmanager'));
    assert.ok(!isAwsManagedKey('alias/aws/secretsmanager', 'ssm'));
  });

  it('writes a role script that sh accepts and that passes both documents intact', () => {
    const policy = readPolicy({ path: '/app', region: 'us-east-1', accountId: '123456789012', keyArn: KEY });
    const script = roleScript(
      { RoleName: 'app-task', AssumeRolePolicyDocument: trustPolicy('ecs-tasks.amazonaws.com'), PolicyName: 'kura-read-app', PolicyDocument: policy },
      'evil\n rm -rf / #',
    );
    assert.ok(!/^ rm -rf/m.test(script), 'a newline in the description cannot start a command');
    const dir = mkdtempSync(path.join(tmpdir(), 'kura-role-'));
    try {
      // A stand-in `aws` that prints its arguments, one per line, NUL-terminated.
      writeFileSync(path.join(dir, 'aws'), '#!/bin/sh\nfor a in "$@"; do printf "%s\\0" "$a"; done\n', { mode: 0o755 });
      writeFileSync(path.join(dir, 'script.sh'), script);
      const out = execFileSync('sh', [path.join(dir, 'script.sh')], { env: { PATH: `${dir}:${process.env.PATH}` } }).toString('utf8').split('\0');
      assert.deepEqual(out.slice(0, 4), ['iam', 'create-role', '--role-name', 'app-task']);
      assert.deepEqual(JSON.parse(out[5] ?? ''), trustPolicy('ecs-tasks.amazonaws.com'));
      const put = out.indexOf('put-role-policy');
      assert.deepEqual(out.slice(put + 1, put + 5), ['--role-name', 'app-task', '--policy-name', 'kura-read-app']);
      assert.deepEqual(JSON.parse(out[put + 6] ?? ''), policy);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
