import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assembleEnvironment, type AssembleOptions } from './assemble.js';
import { parseSecretRef, readKey } from './secret-refs.js';
import { parseMap, type Source } from './sources.js';

const DB = '{"username":"app-user","password":"s3cret-pw","port":3306,"ratio":1.10,"tls":{"ca":"x"},"hosts":["a","b"],"on":true}';
const LEAKS = ['app-user', 's3cret-pw', 'CANARY'];

interface Input extends Partial<AssembleOptions> {
  values?: Record<string, string>;
  paths?: Record<string, Array<{ name: string; value: string }>>;
  secrets?: Record<string, string>;
}

function options({ values = {}, paths = {}, secrets = {}, ...rest }: Input): AssembleOptions {
  const stored = new Map(Object.entries(secrets).map(([spec, text]) => [readKey(parseSecretRef(spec, 'test')), { kind: 'string', text } as const]));
  return {
    inherited: { HOME: '/root' },
    sources: [],
    references: [],
    secretReferences: [],
    fetched: { paths: new Map(Object.entries(paths)), values: new Map(Object.entries(values)), secrets: stored },
    prefix: '',
    pristine: false,
    keepCredentials: false,
    allowOverride: false,
    allowNames: new Set(),
    strict: [],
    jsonExpand: true,
    ...rest,
  };
}

const map = (spec: string): Source => parseMap(spec);
const only = (env: Record<string, string>, start: string) => Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith(start)));

function refusal(input: AssembleOptions, pattern: RegExp): void {
  assert.throws(
    () => assembleEnvironment(input),
    (error: Error & { exitCode: number }) => {
      assert.equal(error.exitCode, 4, error.message);
      assert.match(error.message, pattern);
      for (const value of LEAKS) assert.ok(!error.message.includes(value), `a value in: ${error.message}`);
      return true;
    },
  );
}

describe('--json-expand', () => {
  test('a --map parameter holding a JSON object becomes NAME_KEY per key, non-strings as their JSON text, and no NAME', () => {
    const { env } = assembleEnvironment(options({ sources: [map('DB=/app/db')], values: { '/app/db': DB } }));
    assert.deepEqual(only(env, 'DB'), {
      DB_USERNAME: 'app-user',
      DB_PASSWORD: 's3cret-pw',
      DB_PORT: '3306',
      DB_RATIO: '1.10',
      DB_TLS: '{"ca":"x"}',
      DB_HOSTS: '["a","b"]',
      DB_ON: 'true',
    });
  });

  test('without the flag the same value stays one variable', () => {
    const { env } = assembleEnvironment(options({ sources: [map('DB=/app/db')], values: { '/app/db': DB }, jsonExpand: false }));
    assert.deepEqual(only(env, 'DB'), { DB });
  });

  test('values that are not JSON objects stay one variable', () => {
    const values = { '/a': '"{\\"quoted\\":1}"', '/b': '[{"a":1}]', '/c': '42', '/d': '{not json', '/e': 'plain', '/f': '  {"ok":"yes"}  ', '/g': 'null' };
    const sources = Object.keys(values).map((p) => map(`${p.slice(1).toUpperCase()}=${p}`));
    const { env } = assembleEnvironment(options({ sources, values }));
    assert.deepEqual(
      [env.A, env.B, env.C, env.D, env.E, env.F, env.F_OK, env.G],
      ['"{\\"quoted\\":1}"', '[{"a":1}]', '42', '{not json', 'plain', undefined, 'yes', 'null'],
    );
  });

  test('keys are named as --path names parameters: other characters become _, letters upper-case; NAME stays as given', () => {
    const value = '{"user-name":"u","a.b/c":"v","1st":"w","Mixed":"x"}';
    const { env } = assembleEnvironment(options({ sources: [map('db=/app/db')], values: { '/app/db': value } }));
    assert.deepEqual(only(env, 'db'), { 'db_USER_NAME': 'u', 'db_A_B_C': 'v', 'db_1ST': 'w', 'db_MIXED': 'x' });
  });

  test('a --path parameter expands under its own variable name, --prefix included, beside the others', () => {
    const paths = { '/app': [{ name: '/app/db', value: DB }, { name: '/app/host', value: 'h' }, { name: '/app/list', value: '["x"]' }] };
    const { env } = assembleEnvironment(options({ sources: [{ kind: 'path', path: '/app' }], paths, prefix: 'APP_' }));
    assert.equal(env.APP_DB_USERNAME, 'app-user');
    assert.equal(env.APP_DB_PORT, '3306');
    assert.deepEqual([env.APP_DB, env.APP_HOST, env.APP_LIST], [undefined, 'h', '["x"]']);
  });

  test('a secret through --map expands; one key of it that is an object too; --secret is left as it was', () => {
    const secrets = { 'app/db': DB };
    const { env } = assembleEnvironment(options({ sources: [map('DB=secretsmanager://app/db'), map('TLS=secretsmanager://app/db:tls')], secrets }));
    assert.deepEqual([env.DB_USERNAME, env.DB_PASSWORD, env.DB, env.TLS_CA, env.TLS], ['app-user', 's3cret-pw', undefined, 'x', undefined]);
    const whole = assembleEnvironment(options({ sources: [{ kind: 'secret', secret: parseSecretRef('app/db', '--secret') }], secrets })).env;
    assert.deepEqual([whole.USERNAME, whole.TLS, whole.TLS_CA], ['app-user', '{"ca":"x"}', undefined]);
  });

  test('references expand too, and their ssm:// or secretsmanager:// text does not stay behind', () => {
    const inherited = { HOME: '/root', P: 'ssm:///app/db', S: 'secretsmanager://app/db' };
    const { env } = assembleEnvironment(
      options({
        inherited,
        references: [{ name: 'P', parameter: '/app/db' }],
        secretReferences: [{ name: 'S', secret: parseSecretRef('app/db', 'S') }],
        values: { '/app/db': DB },
        secrets: { 'app/db': DB },
      }),
    );
    assert.deepEqual([env.P, env.P_USERNAME, env.S, env.S_PASSWORD, env.HOME], [undefined, 'app-user', undefined, 's3cret-pw', '/root']);
  });

  test('a name from a key that another source sets is a collision naming both and the key; --allow-override lets the later win', () => {
    const input = { sources: [map('DB=/app/db'), map('DB_PASSWORD=/other')], values: { '/app/db': DB, '/other': 'o' } };
    refusal(options(input), /^--map DB=\/app\/db \(key password\) and --map DB_PASSWORD=\/other both set DB_PASSWORD; pass --allow-override/);
    const { env, overrides } = assembleEnvironment(options({ ...input, allowOverride: true }));
    assert.equal(env.DB_PASSWORD, 'o');
    assert.deepEqual(overrides, ['DB_PASSWORD from --map DB_PASSWORD=/other overrides --map DB=/app/db (key password)']);
  });

  test('within one --path, a key and a parameter giving one name are always an error, even with --allow-override', () => {
    const paths = { '/app': [{ name: '/app/db', value: '{"user":"CANARY"}' }, { name: '/app/db/user', value: 'CANARY' }] };
    for (const allowOverride of [false, true]) {
      refusal(options({ sources: [{ kind: 'path', path: '/app' }], paths, allowOverride }), /^\/app\/db \(key user\) and \/app\/db\/user under --path \/app both become DB_USER; rename one/);
    }
  });

  test('two keys of one value giving one name, a key given twice, a null, an empty object or an empty key are refused, naming the source and key', () => {
    const cases: Array<[string, RegExp]> = [
      ['{"a-b":"CANARY","a_b":"CANARY"}', /^the keys 'a-b' and 'a_b' of --map DB=\/x both become DB_A_B$/],
      ['{"k":"CANARY","k":"CANARY"}', /^--map DB=\/x holds the key 'k' more than once/],
      ['{"k":null}', /^the key 'k' of --map DB=\/x is null, which an environment variable cannot hold$/],
      [' {} ', /^--map DB=\/x is an empty JSON object: --json-expand would set nothing for DB$/],
      ['{"":"CANARY"}', /^--map DB=\/x has an empty key, which names no variable$/],
    ];
    for (const [value, pattern] of cases) refusal(options({ sources: [map('DB=/x')], values: { '/x': value } }), pattern);
  });

  test('names made from keys go through the refused names, the NUL rule and --strict', () => {
    const values = { '/x': '{"endpoint_url":"https://CANARY.example","region":"r"}' };
    refusal(options({ sources: [map('AWS=/x')], values }), /^refusing to set AWS_ENDPOINT_URL from --map AWS=\/x \(key endpoint_url\): .*--allow-name AWS_ENDPOINT_URL/);
    assert.equal(assembleEnvironment(options({ sources: [map('AWS=/x')], values, allowNames: new Set(['AWS_ENDPOINT_URL']) })).env.AWS_REGION, 'r');
    refusal(options({ sources: [map('DB=/y')], values: { '/y': '{"k":"a\\u0000b"}' } }), /^the value for DB_K from --map DB=\/y \(key k\) contains a NUL byte/);
    assert.equal(assembleEnvironment(options({ sources: [map('DB=/app/db')], values: { '/app/db': DB }, strict: ['DB_PASSWORD'] })).env.DB_PASSWORD, 's3cret-pw');
    refusal(options({ sources: [map('DB=/app/db')], values: { '/app/db': DB }, strict: ['DB'] }), /^--strict: not set after reading every source: DB$/);
  });
});
