import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { loadSeed } from './load.js';
import { SeedInvalidError } from './problems.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kura-seed-load-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const ACCOUNT = '000000000000';
const REFERENCE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/seed-reference-design.yaml');
const ENV = { DB_PASSWORD: 'p@ss w0rd', CI_SECRET_ACCESS_KEY: 'ci-secret-key-for-tests-only-0123456789' };

let counter = 0;
/** Writes the files (name → text) in a fresh folder and loads them in order; relative names are shown. */
function load(files: Record<string, string>, options: { env?: NodeJS.ProcessEnv; dev?: boolean } = {}) {
  const folder = path.join(dir, String(counter++));
  mkdirSync(folder);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
  return loadSeed(Object.keys(files), { env: options.env ?? ENV, dev: options.dev ?? false, accountId: ACCOUNT, cwd: folder, rotationFunctions: { names: [], nameOf: () => undefined } });
}

/** The problems a seed is refused for, one line each. */
function problems(files: Record<string, string>, options: { env?: NodeJS.ProcessEnv; dev?: boolean } = {}): string[] {
  try {
    load(files, options);
  } catch (error) {
    assert.ok(error instanceof SeedInvalidError, String(error));
    return error.message.split('\n').slice(1).map((line) => line.trim());
  }
  assert.fail('the seed was accepted');
}

const parameter = (fields: string) => `ssm:\n  parameters:\n    - name: /app/x\n      type: String\n${fields}`;

describe('the reference design seed (docs/seed-reference-design.yaml)', () => {
  test('loads: the key, its alias, five parameters with the password from the environment, the policy, user and role', () => {
    const seed = loadSeed([REFERENCE], { env: ENV, dev: false, accountId: ACCOUNT, cwd: dir, rotationFunctions: { names: [], nameOf: () => undefined } });
    assert.deepEqual(seed.keys.map((k) => [k.keyId, k.aliases]), [['3f2504e0-4f89-41d3-9a0c-0305e82c3301', ['alias/go-ecs-sample']]]);
    assert.deepEqual(seed.parameters.map((p) => p.name.split('/').pop()), ['user', 'password', 'host', 'name', 'port']);
    const password = seed.parameters[1];
    assert.deepEqual([password?.type, password?.keyId, password?.value], ['SecureString', 'alias/go-ecs-sample', ENV.DB_PASSWORD]);
    assert.deepEqual(seed.roles[0]?.managedPolicies, ['arn:aws:iam::000000000000:policy/go-ecs-sample']);
    assert.deepEqual(seed.users[0]?.accessKeys.map((k) => [k.accessKeyId, k.secretAccessKey, k.status]), [['AKIAKURASEEDCI000001', ENV.CI_SECRET_ACCESS_KEY, 'Active']]);
    assert.equal(JSON.parse(seed.policies[0]?.document ?? '').Statement.length, 3);
  });

  test('docs/seed.md shows the same file', () => {
    const doc = readFileSync(path.join(path.dirname(REFERENCE), 'seed.md'), 'utf8');
    const block = /<!-- seed-reference-design -->\n```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.equal(block, readFileSync(REFERENCE, 'utf8'));
  });
});

describe('seed files', () => {
  test('a directory applies its .yaml, .yml and .json files in name order; an empty file declares nothing', () => {
    const folder = path.join(dir, 'ordered');
    mkdirSync(folder);
    writeFileSync(path.join(folder, '20-b.yml'), parameter('      value: b\n').replace('/app/x', '/app/b'));
    writeFileSync(path.join(folder, '10-a.json'), JSON.stringify({ ssm: { parameters: [{ name: '/app/a', type: 'String', value: 'a' }] } }));
    writeFileSync(path.join(folder, '30-empty.yaml'), '');
    writeFileSync(path.join(folder, 'notes.txt'), 'not a seed');
    const seed = loadSeed(['ordered'], { env: {}, dev: false, accountId: ACCOUNT, cwd: dir, rotationFunctions: { names: [], nameOf: () => undefined } });
    assert.deepEqual(seed.files, ['ordered/10-a.json', 'ordered/20-b.yml', 'ordered/30-empty.yaml']);
    assert.deepEqual(seed.parameters.map((p) => p.name), ['/app/a', '/app/b']);
  });

  test('JSON indented with tabs is read as JSON', () => {
    assert.equal(load({ 'a.json': '{\n\t"ssm": {\n\t\t"parameters": [{"name": "/a", "type": "String", "value": "a"}]\n\t}\n}\n' }).parameters.length, 1);
  });

  test('files that cannot be read or parsed', () => {
    assert.deepEqual(problems({ 'a.yaml': 'ssm:\n  parameters: [\n' }), ['a.yaml: not valid YAML at line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]']);
    assert.deepEqual(problems({ 'a.json': '{"ssm": {}, "ssm": {}}' }), ['a.json: not valid JSON at line 1, column 13: Map keys must be unique']);
    assert.deepEqual(problems({ 'a.yaml': '- just\n- a list\n' }), ['a.yaml: must be a mapping, not a list']);
    assert.deepEqual(problems({ 'a.yaml': 'version: 2\nregion: mars\n' }), ['a.yaml: version: must be 1 (the only version of the format)', 'a.yaml: region: must be a region name such as us-east-1']);
    const folder = path.join(dir, 'empty-dir');
    mkdirSync(folder);
    assert.throws(() => loadSeed(['empty-dir', 'missing.yaml'], { env: {}, dev: false, accountId: ACCOUNT, cwd: dir, rotationFunctions: { names: [], nameOf: () => undefined } }), {
      message: 'the seed is invalid, nothing was written:\n  empty-dir: the directory holds no .yaml, .yml or .json file\n  missing.yaml: no such file or directory',
    });
  });

  test('a syntax error is said without the line it is on (it may hold a password)', () => {
    const [line] = problems({ 'a.yaml': 'ssm:\n  parameters:\n    - value: "hunter2\n' });
    assert.equal(line, 'a.yaml: not valid YAML at line 4, column 1: Missing closing "quote');
  });
});

describe('every invalid field is named by file, path and reason', () => {
  test('unknown fields, at every level', () => {
    assert.deepEqual(problems({ 'a.yaml': 'sqs: {}\n' }), ['a.yaml: sqs: unknown field (expected one of: version, region, kms, ssm, iam, secretsmanager)']);
    assert.deepEqual(problems({ 'a.yaml': parameter('      value: x\n      colour: red\n') }), [
      'a.yaml: ssm.parameters[0].colour: unknown field (expected one of: name, type, value, valueFromEnv, keyId, description, tier, allowedPattern, dataType, tags, labels)',
    ]);
  });

  test('wrong types: numbers and booleans are not strings, lists are not mappings', () => {
    assert.deepEqual(problems({ 'a.yaml': parameter('      value: 3306\n') }), ['a.yaml: ssm.parameters[0].value: must be a string (quote it: YAML reads it as a number)']);
    assert.deepEqual(problems({ 'a.yaml': parameter('      value: x\n      tags: [a]\n') }), ['a.yaml: ssm.parameters[0].tags: must be a mapping of tag keys to values, not a list']);
    assert.deepEqual(problems({ 'a.yaml': 'ssm:\n  parameters:\n    - name: /a\n      type: Secure\n      value: x\n' }), ['a.yaml: ssm.parameters[0].type: must be one of String, StringList, SecureString']);
    assert.deepEqual(problems({ 'a.yaml': 'kms:\n  keys:\n    - keyId: 3f2504e0-4f89-41d3-9a0c-0305e82c3301\n      enabled: yes\n' }), ['a.yaml: kms.keys[0].enabled: must be true or false, not string']);
    assert.deepEqual(problems({ 'a.yaml': 'iam:\n  users: {name: x}\n' }), ['a.yaml: iam.users: must be a list, not a mapping']);
  });

  test('values: inline or from the environment, exactly one, and the variable set', () => {
    assert.deepEqual(problems({ 'a.yaml': parameter('') }), ['a.yaml: ssm.parameters[0]: needs value or valueFromEnv']);
    assert.deepEqual(problems({ 'a.yaml': parameter('      value: x\n      valueFromEnv: X\n') }), ['a.yaml: ssm.parameters[0]: give value or valueFromEnv, not both']);
    assert.deepEqual(problems({ 'a.yaml': parameter('      valueFromEnv: NOT_SET\n') }, { env: {} }), ['a.yaml: ssm.parameters[0].valueFromEnv: environment variable NOT_SET is not set']);
    assert.deepEqual(problems({ 'a.yaml': parameter('      valueFromEnv: EMPTY\n') }, { env: { EMPTY: '' } }), ['a.yaml: ssm.parameters[0].valueFromEnv: environment variable EMPTY is empty']);
  });

  test("Parameter Store's own rules, never quoting the value", () => {
    assert.deepEqual(problems({ 'a.yaml': parameter('      value: "{{ssm:/other}}"\n') }), [
      'a.yaml: ssm.parameters[0].value: Parameter value can\'t nest another parameter. Do not use "{{}}" in the value.',
    ]);
    assert.deepEqual(problems({ 'a.yaml': parameter('      valueFromEnv: SECRET\n      allowedPattern: "^[0-9]+$"\n') }, { env: { SECRET: 'hunter2' } }), [
      'a.yaml: ssm.parameters[0].valueFromEnv: Parameter value, cannot be validated against allowedPattern: ^[0-9]+$',
    ]);
    assert.deepEqual(problems({ 'a.yaml': parameter('      value: x\n      keyId: alias/app\n') }), ['a.yaml: ssm.parameters[0].keyId: applies to SecureString parameters only']);
    assert.deepEqual(problems({ 'a.yaml': 'ssm:\n  parameters:\n    - {name: /aws/x, type: String, value: x}\n' }), ['a.yaml: ssm.parameters[0].name: No access to reserved parameter name: /aws/x.']);
  });

  test('a reference to a key the seed does not declare', () => {
    const secure = 'ssm:\n  parameters:\n    - {name: /a, type: SecureString, value: x, keyId: KEY}\n';
    assert.deepEqual(problems({ 'a.yaml': secure.replace('KEY', 'alias/nope') }), [
      'a.yaml: ssm.parameters[0].keyId: alias/nope is not a KMS key of this seed (declare it under kms.keys, or use alias/aws/ssm)',
    ]);
    const key = 'kms:\n  keys:\n    - {keyId: 3f2504e0-4f89-41d3-9a0c-0305e82c3301, aliases: [alias/app]}\n';
    for (const ref of ['alias/app', 'alias/aws/ssm', '3f2504e0-4f89-41d3-9a0c-0305e82c3301', 'arn:aws:kms:us-east-1:000000000000:alias/app']) {
      assert.equal(load({ 'k.yaml': key, 'p.yaml': secure.replace('KEY', ref) }).parameters.length, 1, ref);
    }
    // A key of the seed in another region is not this parameter's key.
    assert.deepEqual(problems({ 'k.yaml': key, 'p.yaml': `region: eu-west-1\n${secure.replace('KEY', 'alias/app')}` }), [
      'p.yaml: ssm.parameters[0].keyId: alias/app is not a KMS key of this seed (declare it under kms.keys, or use alias/aws/ssm)',
    ]);
    assert.deepEqual(problems({ 'a.yaml': 'secretsmanager:\n  secrets:\n    - {name: app/db, value: x, kmsKeyId: alias/nope}\n' }), [
      'a.yaml: secretsmanager.secrets[0].kmsKeyId: alias/nope is not a KMS key of this seed (declare it under kms.keys, or use alias/aws/secretsmanager)',
    ]);
  });

  test('a name declared twice, in one file or across files', () => {
    // `x` and `/x` are one parameter to Parameter Store.
    const p = 'ssm:\n  parameters:\n    - {name: /x, type: String, value: x}\n';
    assert.deepEqual(problems({ 'a.yaml': p, 'b.yaml': p.replace('/x', 'x') }), ['b.yaml: ssm.parameters[0].name: parameter x is declared twice (also in a.yaml at ssm.parameters[0])']);
    const users = 'iam:\n  users:\n    - name: Deployer\n    - name: deployer\n';
    assert.deepEqual(problems({ 'a.yaml': users }), ['a.yaml: iam.users[1].name: user deployer is declared twice (also at iam.users[0])']);
  });

  test('fixed key material needs --dev, and is 256 bits', () => {
    const key = (material: string) => `kms:\n  keys:\n    - keyId: 3f2504e0-4f89-41d3-9a0c-0305e82c3301\n      material: "${material}"\n`;
    const good = Buffer.alloc(32, 7).toString('base64');
    assert.deepEqual(problems({ 'a.yaml': key(good) }), ['a.yaml: kms.keys[0].material: fixed key material is for reproducible tests only and needs --dev']);
    assert.deepEqual(load({ 'a.yaml': key(good) }, { dev: true }).keys[0]?.material, Buffer.alloc(32, 7));
    assert.deepEqual(problems({ 'a.yaml': key(Buffer.alloc(16).toString('base64')) }, { dev: true }), ['a.yaml: kms.keys[0].material: must be 32 bytes (256 bits) in base64']);
    assert.deepEqual(problems({ 'a.yaml': 'kms:\n  keys:\n    - keyId: abc\n      aliases: [alias/aws/x, bad]\n' }), [
      'a.yaml: kms.keys[0].keyId: must be a key id in lower-case UUID form (1234abcd-12ab-34cd-56ef-1234567890ab)',
      'a.yaml: kms.keys[0].aliases[0]: alias/aws/ names are reserved for AWS managed keys',
      'a.yaml: kms.keys[0].aliases[1]: must be alias/ and a name of letters, digits, / _ and - (at most 256 characters)',
    ]);
  });
});
