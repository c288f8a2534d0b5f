// What teams routinely declare beyond the basics: KMS key rotation, parameter labels, permissions
// boundaries, and ARNs written with ${AWS::AccountId}, ${AWS::Region} and ${AWS::Partition}. Each
// field read, and each bad value refused with its exact problem, before anything is written.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadSeed } from './load.js';
import { SeedInvalidError } from './problems.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kura-seed-declared-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const ACCOUNT = '123456789012';
const KEY = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';

let counter = 0;
function load(text: string, env: NodeJS.ProcessEnv = {}) {
  const folder = path.join(dir, String(counter++));
  mkdirSync(folder);
  writeFileSync(path.join(folder, 'a.yaml'), text);
  return loadSeed(['a.yaml'], { env, dev: false, accountId: ACCOUNT, cwd: folder, rotationFunctions: { names: [], nameOf: () => undefined } });
}

function problems(text: string): string[] {
  try {
    load(text);
  } catch (error) {
    assert.ok(error instanceof SeedInvalidError, String(error));
    return error.problems.map((p) => `${p.path}: ${p.reason}`);
  }
  assert.fail('the seed was accepted');
}

const key = (rotation: string) => `kms:\n  keys:\n    - keyId: ${KEY}\n      rotation: ${rotation}\n`;
const parameter = (labels: string) => `ssm:\n  parameters:\n    - {name: /app/x, type: String, value: x, labels: ${labels}}\n`;
const TRUST = `{Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: ecs-tasks.amazonaws.com}, Action: 'sts:AssumeRole'}]}`;
const ALLOW = `{Version: '2012-10-17', Statement: [{Effect: Allow, Action: 'ssm:GetParameter', Resource: '*'}]}`;

describe('kms.keys[].rotation', () => {
  test('on with a period, on with any period, off', () => {
    assert.deepEqual(load(key('{enabled: true, periodDays: 90}')).keys[0]?.rotation, { enabled: true, periodDays: 90 });
    assert.deepEqual(load(key('{enabled: true}')).keys[0]?.rotation, { enabled: true });
    assert.deepEqual(load(key('{enabled: false}')).keys[0]?.rotation, { enabled: false });
    assert.equal(load(`kms:\n  keys:\n    - keyId: ${KEY}\n`).keys[0]?.rotation, undefined, 'absent: left as it is');
  });

  test("the period within KMS's bounds, enabled required and a boolean, nothing else", () => {
    assert.deepEqual(problems(key('{enabled: true, periodDays: 89}')), ['kms.keys[0].rotation.periodDays: must be a whole number from 90 to 2560']);
    assert.deepEqual(problems(key('{enabled: true, periodDays: 2561}')), ['kms.keys[0].rotation.periodDays: must be a whole number from 90 to 2560']);
    assert.deepEqual(problems(key('{enabled: true, periodDays: "365"}')), ['kms.keys[0].rotation.periodDays: must be a whole number from 90 to 2560']);
    assert.deepEqual(problems(key('{periodDays: 365}')), ['kms.keys[0].rotation.enabled: is required']);
    assert.deepEqual(problems(key('{enabled: yes}')), ['kms.keys[0].rotation.enabled: must be true or false, not string']);
    assert.deepEqual(problems(key('{enabled: false, periodDays: 365}')), ['kms.keys[0].rotation.periodDays: applies only when enabled is true']);
    assert.deepEqual(problems(key('{enabled: true, every: 365}')), ['kms.keys[0].rotation.every: unknown field (expected one of: enabled, periodDays)']);
    assert.deepEqual(problems(key('yearly')), ['kms.keys[0].rotation: must be a mapping, not string']);
  });
});

describe('ssm.parameters[].labels', () => {
  test('a list of labels', () => {
    assert.deepEqual(load(parameter('[prod, live.v2]')).parameters[0]?.labels, ['prod', 'live.v2']);
    assert.deepEqual(load('ssm:\n  parameters:\n    - {name: /app/x, type: String, value: x}\n').parameters[0]?.labels, []);
  });

  test("Parameter Store's label rules, its model's count and length", () => {
    assert.deepEqual(problems(parameter('[2024, awsome, SSM-x, "a b", ok, ok]')), [
      'ssm.parameters[0].labels[0]: must be a string (quote it: YAML reads it as a number)',
      'ssm.parameters[0].labels[1]: awsome is not a label Parameter Store takes: letters, digits, ".", "-" and "_", not starting with a digit, "aws" or "ssm"',
      'ssm.parameters[0].labels[2]: SSM-x is not a label Parameter Store takes: letters, digits, ".", "-" and "_", not starting with a digit, "aws" or "ssm"',
      'ssm.parameters[0].labels[3]: a b is not a label Parameter Store takes: letters, digits, ".", "-" and "_", not starting with a digit, "aws" or "ssm"',
      'ssm.parameters[0].labels[5]: label ok is named twice',
    ]);
    assert.deepEqual(problems(parameter('["1x"]')), ['ssm.parameters[0].labels[0]: 1x is not a label Parameter Store takes: letters, digits, ".", "-" and "_", not starting with a digit, "aws" or "ssm"']);
    assert.deepEqual(problems(parameter(`[${Array.from({ length: 11 }, (_, i) => `l${i}`).join(', ')}]`)), ['ssm.parameters[0].labels: Member must have length less than or equal to 10']);
    assert.deepEqual(problems(parameter(`[${'x'.repeat(101)}]`)), [
      'ssm.parameters[0].labels: Member must satisfy constraint: [Member must have length less than or equal to 100, Member must have length greater than or equal to 1]',
    ]);
    assert.deepEqual(problems(parameter('prod')), ['ssm.parameters[0].labels: must be a list, not string']);
  });
});

describe('iam permissionsBoundary', () => {
  test('a policy of the seed by name or ARN, or an AWS managed policy by ARN, resolved to its ARN', () => {
    const seed = load(`iam:
  policies:
    - {name: fence, path: /b/, document: ${ALLOW}}
  users:
    - {name: alice, permissionsBoundary: FENCE}
    - {name: bob, permissionsBoundary: 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess'}
    - {name: carol}
  roles:
    - {name: task, assumeRolePolicy: ${TRUST}, permissionsBoundary: 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/b/fence'}
`);
    assert.deepEqual(seed.users.map((u) => u.permissionsBoundary), ['arn:aws:iam::123456789012:policy/b/fence', 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess', undefined]);
    assert.equal(seed.roles[0]?.permissionsBoundary, 'arn:aws:iam::123456789012:policy/b/fence');
  });

  test('a policy no one declares, an empty or non-string value', () => {
    assert.deepEqual(problems(`iam:
  users:
    - {name: alice, permissionsBoundary: nope}
    - {name: bob, permissionsBoundary: 'arn:aws:iam::123456789012:policy/nope'}
    - {name: carol, permissionsBoundary: ''}
  roles:
    - {name: task, assumeRolePolicy: ${TRUST}, permissionsBoundary: [x]}
`), [
      'iam.users[2].permissionsBoundary: must not be empty',
      'iam.roles[0].permissionsBoundary: must be a string, not a list',
    ]);
    assert.deepEqual(problems(`iam:
  users:
    - {name: alice, permissionsBoundary: nope}
    - {name: bob, permissionsBoundary: 'arn:aws:iam::123456789012:policy/nope'}
`), [
      'iam.users[0].permissionsBoundary: policy nope is not declared under iam.policies (an AWS managed policy is named by its ARN)',
      'iam.users[1].permissionsBoundary: arn:aws:iam::123456789012:policy/nope is neither an AWS managed policy Kura knows nor a policy declared under iam.policies',
    ]);
    assert.deepEqual(problems('iam:\n  groups:\n    - {name: g, permissionsBoundary: x}\n'), ['iam.groups[0].permissionsBoundary: unknown field (expected one of: name, path, managedPolicies, inlinePolicies)']);
  });
});

describe('${AWS::AccountId}, ${AWS::Region} and ${AWS::Partition}', () => {
  test("are the server's account, the file's region and its partition, in every string value", () => {
    const seed = load(`region: eu-west-1
kms:
  keys:
    - {keyId: ${KEY}, aliases: [alias/app], description: 'key of \${AWS::AccountId} in \${AWS::Region}'}
ssm:
  parameters:
    - {name: /app/topic, type: String, value: 'arn:\${AWS::Partition}:sns:\${AWS::Region}:\${AWS::AccountId}:events'}
    - {name: /app/db/password, type: SecureString, value: x, keyId: 'arn:\${AWS::Partition}:kms:\${AWS::Region}:\${AWS::AccountId}:alias/app'}
iam:
  policies:
    - name: own-prefix
      document:
        Version: '2012-10-17'
        Statement:
          - {Effect: Allow, Action: 'ssm:GetParameter', Resource: 'arn:\${AWS::Partition}:ssm:\${AWS::Region}:\${AWS::AccountId}:parameter/home/\${aws:username}/*'}
`);
    assert.equal(seed.keys[0]?.description, 'key of 123456789012 in eu-west-1');
    assert.equal(seed.parameters[0]?.value, 'arn:aws:sns:eu-west-1:123456789012:events');
    // The key reference resolves to the seed's alias in the file's region and the server's account.
    assert.equal(seed.parameters[1]?.keyId, 'arn:aws:kms:eu-west-1:123456789012:alias/app');
    // An IAM policy variable is the policy's, left for each request to fill in.
    assert.equal(JSON.parse(seed.policies[0]?.document ?? '{}').Statement[0].Resource, 'arn:aws:ssm:eu-west-1:123456789012:parameter/home/${aws:username}/*');
  });

  test('any other ${...} stays, ${!AWS::Region} is the text itself, and values from the environment are not substituted', () => {
    const seed = load(`ssm:
  parameters:
    - {name: /a, type: String, value: '\${AWS::StackName} \${Other} \${!AWS::Region} \${!!AWS::AccountId} $AWS::Region'}
    - {name: /b, type: String, valueFromEnv: B}
`, { B: 'in ${AWS::Region}' });
    assert.deepEqual(seed.parameters.map((p) => p.value), ['${AWS::StackName} ${Other} ${AWS::Region} ${!AWS::AccountId} $AWS::Region', 'in ${AWS::Region}']);
  });

  test('a cn- region is the aws-cn partition; the region field itself is read as written', () => {
    assert.equal(load(`region: cn-north-1\nssm:\n  parameters:\n    - {name: /a, type: String, value: '\${AWS::Partition}'}\n`).parameters[0]?.value, 'aws-cn');
    assert.deepEqual(problems('region: ${AWS::Region}\n'), ['region: must be a region name such as us-east-1']);
  });
});

describe('secretsmanager.secrets[]: binary values', () => {
  const secret = (fields: string) => `secretsmanager:\n  secrets:\n    - {name: app/cert, ${fields}}\n`;

  test('bytes in base64, given or from the environment', () => {
    assert.deepEqual(load(secret('valueBinaryBase64: "AAEC/w=="')).secrets[0]?.value, Buffer.from([0, 1, 2, 255]));
    assert.deepEqual(load(secret('valueBinaryFromEnv: CERT'), { CERT: Buffer.from('hello').toString('base64') }).secrets[0]?.value, Buffer.from('hello'));
  });

  test('base64 read strictly, one value of one kind, never quoted back', () => {
    assert.deepEqual(problems(secret('valueBinaryBase64: "not base64!"')), ['secretsmanager.secrets[0].valueBinaryBase64: must be base64 (A-Z, a-z, 0-9, + and /, padded with =)']);
    assert.deepEqual(problems(secret('valueBinaryBase64: "AAEC/w"')), ['secretsmanager.secrets[0].valueBinaryBase64: must be base64 (A-Z, a-z, 0-9, + and /, padded with =)']);
    assert.deepEqual(problems(secret('valueBinaryBase64: ""')), ['secretsmanager.secrets[0].valueBinaryBase64: Member must have length greater than or equal to 1']);
    assert.deepEqual(problems(secret('valueBinaryBase64: 12')), ['secretsmanager.secrets[0].valueBinaryBase64: must be a string: the bytes in base64 (quote it: YAML reads it as a number)']);
    assert.deepEqual(problems(secret('value: x, valueBinaryBase64: "AA=="')), [
      'secretsmanager.secrets[0]: give a string value (value or valueFromEnv) or a binary one (valueBinaryBase64 or valueBinaryFromEnv), not both',
    ]);
    assert.deepEqual(problems(secret('valueBinaryBase64: "AA==", valueBinaryFromEnv: X')), ['secretsmanager.secrets[0]: give valueBinaryBase64 or valueBinaryFromEnv, not both']);
    assert.deepEqual(problems(secret('description: d')), ['secretsmanager.secrets[0]: needs value, valueFromEnv, valueBinaryBase64 or valueBinaryFromEnv']);
    assert.deepEqual(problems(secret('valueBinaryFromEnv: UNSET')), ['secretsmanager.secrets[0].valueBinaryFromEnv: environment variable UNSET is not set']);
    assert.deepEqual(problems(secret(`valueBinaryBase64: "${Buffer.alloc(65537).toString('base64')}"`)), ['secretsmanager.secrets[0].valueBinaryBase64: Member must have length less than or equal to 65536']);
  });
});
