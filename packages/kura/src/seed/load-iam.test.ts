import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { loadSeed } from './load.js';
import { SeedInvalidError } from './problems.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kura-seed-iam-'));
after(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function load(text: string, env: NodeJS.ProcessEnv = {}) {
  const folder = path.join(dir, String(counter++));
  mkdirSync(folder);
  writeFileSync(path.join(folder, 'a.yaml'), text);
  return loadSeed(['a.yaml'], { env, dev: false, accountId: '123456789012', cwd: folder, rotationFunctions: { names: [], nameOf: () => undefined } });
}

function problems(text: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    load(text, env);
  } catch (error) {
    assert.ok(error instanceof SeedInvalidError, String(error));
    return error.problems.map((p) => `${p.path}: ${p.reason}`);
  }
  assert.fail('the seed was accepted');
}

const ALLOW = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:GetParameter","Resource":"*"}]}';
const TRUST = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}';

describe('IAM in a seed', () => {
  test('policies are named by name or ARN; names resolve to the ARN of the seed policy', () => {
    const seed = load(`iam:
  policies:
    - {name: app-read, path: /app/, document: '${ALLOW}'}
  groups:
    - {name: readers, managedPolicies: [App-Read, 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess']}
  users:
    - {name: alice, groups: [READERS], managedPolicies: ['arn:aws:iam::123456789012:policy/app/app-read']}
`);
    assert.deepEqual(seed.groups[0]?.managedPolicies, ['arn:aws:iam::123456789012:policy/app/app-read', 'arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess']);
    assert.deepEqual(seed.users[0]?.managedPolicies, ['arn:aws:iam::123456789012:policy/app/app-read']);
  });

  test('references to undeclared groups and policies', () => {
    assert.deepEqual(problems(`iam:
  users:
    - name: alice
      groups: [nobody]
      managedPolicies: [missing, 'arn:aws:iam::aws:policy/NoSuchPolicy']
`), [
      'iam.users[0].groups[0]: group nobody is not declared under iam.groups',
      'iam.users[0].managedPolicies[0]: policy missing is not declared under iam.policies (an AWS managed policy is named by its ARN)',
      "iam.users[0].managedPolicies[1]: arn:aws:iam::aws:policy/NoSuchPolicy is neither an AWS managed policy Kura knows nor a policy declared under iam.policies",
    ]);
  });

  test("bad policies: not JSON, bad grammar, the wrong kind, refused with the server's parser's reason", () => {
    const [notJson] = problems(`iam:\n  roles:\n    - {name: r, assumeRolePolicy: '{not json'}\n`);
    assert.match(notJson ?? '', /^iam\.roles\[0\]\.assumeRolePolicy: not a valid trust policy: /);
    assert.deepEqual(problems(`iam:\n  policies:\n    - name: p\n      document: {Version: '2012-10-17', Statement: [{Effect: Maybe, Action: '*', Resource: '*'}]}\n`), [
      'iam.policies[0].document: not a valid managed policy: Syntax errors in policy.',
    ]);
    assert.deepEqual(problems(`iam:\n  roles:\n    - name: r\n      assumeRolePolicy: '${ALLOW}'\n`), ['iam.roles[0].assumeRolePolicy: not a valid trust policy: Has prohibited field Resource']);
    assert.deepEqual(problems(`iam:\n  users:\n    - name: u\n      inlinePolicies:\n        p: '${TRUST}'\n`), ['iam.users[0].inlinePolicies.p: not a valid inline policy: Policy document should not specify a principal.']);
    assert.deepEqual(problems(`iam:\n  roles:\n    - {name: r}\n`), ['iam.roles[0].assumeRolePolicy: is required']);
  });

  test("names, paths and lengths by IAM's model", () => {
    assert.deepEqual(problems(`iam:\n  users:\n    - {name: 'bad name', path: nope}\n`), [
      'iam.users[0].path: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)',
      'iam.users[0].name: Member must satisfy regular expression pattern: [\\w+=,.@-]+',
    ]);
    assert.deepEqual(problems(`iam:\n  roles:\n    - {name: r, assumeRolePolicy: '${TRUST}', maxSessionDuration: 60}\n`), ['iam.roles[0].maxSessionDuration: must be a whole number from 3600 to 43200']);
  });

  test('access keys: a fixed pair, its secret from the environment, at most two per user, each id once', () => {
    const seed = load(`iam:
  users:
    - name: ci
      accessKeys:
        - {accessKeyId: AKIAKURASEEDCI000001, secretAccessKeyFromEnv: CI_SECRET, status: Inactive}
`, { CI_SECRET: 'ci-secret-key-for-tests-only-0123456789' });
    assert.deepEqual(seed.users[0]?.accessKeys.map((k) => [k.accessKeyId, k.status]), [['AKIAKURASEEDCI000001', 'Inactive']]);
    assert.deepEqual(problems(`iam:
  users:
    - name: ci
      accessKeys:
        - {accessKeyId: akia-lower, secretAccessKey: short}
        - {accessKeyId: AKIAKURASEEDCI000001, secretAccessKey: 'ci-secret-key-for-tests-only-0123456789'}
        - {accessKeyId: AKIAKURASEEDCI000002, secretAccessKey: 'ci-secret-key-for-tests-only-0123456789'}
    - name: other
      accessKeys:
        - {accessKeyId: AKIAKURASEEDCI000001, secretAccessKey: 'ci-secret-key-for-tests-only-0123456789'}
`), [
      'iam.users[0].accessKeys[0].accessKeyId: must be AKIA and 12 to 124 upper-case letters and digits',
      'iam.users[0].accessKeys[0].secretAccessKey: must be 16 to 128 printable characters without spaces',
      "iam.users[0].accessKeys: at most 2 access keys per user (AWS's quota)",
    ]);
    assert.deepEqual(problems(`iam:
  users:
    - name: ci
      accessKeys: [{accessKeyId: AKIAKURASEEDCI000001, secretAccessKey: 'ci-secret-key-for-tests-only-0123456789'}]
    - name: other
      accessKeys: [{accessKeyId: AKIAKURASEEDCI000001, secretAccessKey: 'ci-secret-key-for-tests-only-0123456789'}]
`), ['iam.users[1].accessKeys[0].accessKeyId: access key AKIAKURASEEDCI000001 is declared twice (also at iam.users[0].accessKeys[0])']);
  });
});

describe('Secrets Manager in a seed', () => {
  test('a mapping value is stored as JSON text; a string as it is', () => {
    const seed = load(`secretsmanager:
  secrets:
    - {name: app/db, value: {username: app, port: 3306}, description: the app's database, tags: {team: payments}}
    - {name: app/token, valueFromEnv: TOKEN}
`, { TOKEN: 't0ken' });
    assert.deepEqual(seed.secrets.map((s) => s.value), ['{"username":"app","port":3306}', 't0ken']);
  });

  test('names, values and resource policies are checked', () => {
    assert.deepEqual(problems(`secretsmanager:
  secrets:
    - {name: 'bad name!', value: [x]}
    - {name: ok, value: x, resourcePolicy: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: '*', Resource: '*'}]}}
`), [
      'secretsmanager.secrets[0].name: must be letters, digits and / _ + = . @ - only',
      'secretsmanager.secrets[0].value: must be a string, or a mapping (stored as JSON text), not a list',
      'secretsmanager.secrets[1].resourcePolicy: not a valid resource policy: Missing required field Principal',
    ]);
  });
});
