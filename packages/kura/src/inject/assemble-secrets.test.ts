import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assembleEnvironment, type AssembleOptions } from './assemble.js';
import type { SecretValue } from './reader.js';
import { parseSecretRef, readKey } from './secret-refs.js';
import { parseMap, type Source } from './sources.js';

const DB = '{"username":"app-user","password":"s3cret-pw","host":"db.internal","port":3306,"dbname":"posts"}';
const PATH = '/goecssample/database/sample/master';

/** Secrets by reference spec (`app/db`, `app/db::AWSPREVIOUS`), stored under the key fetchAll uses. */
function options(secrets: Record<string, string | SecretValue>, rest: Partial<AssembleOptions> = {}): AssembleOptions {
  const stored = new Map(Object.entries(secrets).map(([spec, value]) => [readKey(parseSecretRef(spec, 'test')), typeof value === 'string' ? ({ kind: 'string', text: value } as const) : value]));
  return {
    inherited: { HOME: '/root' },
    sources: [],
    references: [],
    secretReferences: [],
    fetched: { paths: new Map(), values: new Map(), secrets: stored },
    prefix: '',
    pristine: false,
    keepCredentials: false,
    allowOverride: false,
    allowNames: new Set(),
    strict: [],
    ...rest,
  };
}

const secret = (spec: string): Source => ({ kind: 'secret', secret: parseSecretRef(spec, '--secret') });

/** Runs assemble expecting a refusal with exit `code`; returns the message after checking no value leaked. */
function refusal(input: AssembleOptions, code = 4): string {
  try {
    assembleEnvironment(input);
  } catch (error) {
    const { message, exitCode } = error as Error & { exitCode: number };
    assert.equal(exitCode, code, message);
    for (const value of ['app-user', 's3cret-pw', 'db.internal', 'hunter2', 'plain-secret']) assert.ok(!message.includes(value), `a value in: ${message}`);
    return message;
  }
  return assert.fail('assembled');
}

describe('secrets in the program environment', () => {
  test('--secret expands a JSON object secret under --prefix into the reference design names', () => {
    const { env } = assembleEnvironment(options({ 'app/db': DB }, { sources: [secret('app/db')], prefix: 'DB_' }));
    assert.deepEqual(
      Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('DB_'))),
      { DB_USERNAME: 'app-user', DB_PASSWORD: 's3cret-pw', DB_HOST: 'db.internal', DB_PORT: '3306', DB_DBNAME: 'posts' },
    );
  });

  test('--secret ID:key sets that key alone, named the same way; a version stage reads that version', () => {
    const { env } = assembleEnvironment(options({ 'app/db': DB, 'app/db::AWSPREVIOUS': '{"password":"old-pw"}' }, { sources: [secret('app/db:password'), secret('app/db:password:AWSPREVIOUS')], prefix: 'DB_', allowOverride: true }));
    assert.equal(env.DB_PASSWORD, 'old-pw');
    assert.equal(env.DB_USERNAME, undefined);
  });

  test('--map and references take the whole secret or one key, under the name given', () => {
    const { env } = assembleEnvironment(
      options(
        { 'app/db': DB, 'app/token': 'plain-secret' },
        {
          sources: [parseMap('PW=secretsmanager://app/db:password'), parseMap('WHOLE=secretsmanager://app/db')],
          secretReferences: [{ name: 'TOKEN', secret: parseSecretRef('app/token', 'TOKEN') }],
          inherited: { TOKEN: 'secretsmanager://app/token', KEEP: 'x' },
        },
      ),
    );
    assert.deepEqual([env.PW, env.WHOLE, env.TOKEN, env.KEEP], ['s3cret-pw', DB, 'plain-secret', 'x']);
  });

  test('a secret and a parameter setting one name collide, names only; --allow-override lets the later win', () => {
    const base = { sources: [{ kind: 'path', path: PATH } as Source, secret('app/db')], prefix: 'DB_' };
    const fetched = (input: AssembleOptions) => ({ ...input.fetched, paths: new Map([[PATH, [{ name: `${PATH}/password`, value: 'param-pw' }]]]) });
    const collide = options({ 'app/db': DB }, base);
    assert.equal(
      refusal({ ...collide, fetched: fetched(collide) }),
      `--path ${PATH} (${PATH}/password) and --secret app/db (key password) both set DB_PASSWORD; pass --allow-override to let the later one win`,
    );
    const allowed = options({ 'app/db': DB }, { ...base, allowOverride: true });
    const { env, overrides } = assembleEnvironment({ ...allowed, fetched: fetched(allowed) });
    assert.equal(env.DB_PASSWORD, 's3cret-pw');
    assert.deepEqual(overrides, [`DB_PASSWORD from --secret app/db (key password) overrides --path ${PATH} (${PATH}/password)`]);
  });

  test('a secret reference and an ssm:// one are layered first, by name, then the command line', () => {
    const input = options({ 'app/db': DB }, {
      secretReferences: [{ name: 'PASSWORD', secret: parseSecretRef('app/db:password', 'PASSWORD') }],
      sources: [secret('app/db')],
    });
    assert.match(refusal(input), /^reference PASSWORD=secretsmanager:\/\/app\/db:password and --secret app\/db \(key password\) both set PASSWORD/);
  });

  test('the keys of one secret that map to one name, refused names and empty keys are refused', () => {
    assert.equal(
      refusal(options({ s: '{"db-host":"a","db_host":"b"}' }, { sources: [secret('s')] })),
      "the keys 'db-host' and 'db_host' of secret s both become DB_HOST; read one with --map NAME=secretsmanager://s:db_host",
    );
    assert.match(refusal(options({ s: '{"ld_preload":"/tmp/x.so"}' }, { sources: [secret('s')] })), /^refusing to set LD_PRELOAD from --secret s \(key ld_preload\): it changes how programs load/);
    assert.equal(refusal(options({ s: '{"":"x"}' }, { sources: [secret('s')] })), 'secret s has an empty key, which names no variable');
    const allowed = assembleEnvironment(options({ s: '{"ld_preload":"/tmp/x.so"}' }, { sources: [secret('s')], allowNames: new Set(['LD_PRELOAD']) }));
    assert.equal(allowed.env.LD_PRELOAD, '/tmp/x.so');
  });

  test('a secret that is not a JSON object, a missing key, null, a key twice, binary: exit 4, names only', () => {
    const cases: Array<[Record<string, string | SecretValue>, Source, string]> = [
      [{ s: 'hunter2' }, secret('s'), '--secret cannot expand it into variables; read it whole with --map NAME=secretsmanager://s'],
      [{ s: 'hunter2' }, parseMap('X=secretsmanager://s:password'), "secret s is not a JSON object, so its key 'password' cannot be read"],
      [{ s: '["hunter2"]' }, secret('s:password'), "secret s is not a JSON object, so its key 'password' cannot be read"],
      [{ s: DB }, parseMap('X=secretsmanager://s:pasword'), "secret s has no key 'pasword'"],
      [{ 's::AWSPENDING': DB }, secret('s:nope:AWSPENDING'), "secret s (stage AWSPENDING) has no key 'nope'"],
      [{ s: '{"password":null}' }, secret('s'), "the key 'password' of secret s is null, which an environment variable cannot hold"],
      [{ s: '{"password":"hunter2","password":"s3cret-pw"}' }, secret('s:password'), "secret s holds the key 'password' more than once, so which value it means is unclear"],
      [{ s: '{}' }, secret('s'), 'secret s is an empty JSON object: --secret would set nothing'],
      [{ s: { kind: 'binary' } }, parseMap('X=secretsmanager://s'), 'secret s holds a binary value (SecretBinary), which kura exec does not put in an environment'],
    ];
    for (const [secrets, source, message] of cases) assert.ok(refusal(options(secrets, { sources: [source] })).endsWith(message), message);
  });

  test('a NUL byte in a secret value is refused like a parameter one', () => {
    assert.match(refusal(options({ s: '{"k":"a\\u0000b"}' }, { sources: [secret('s')] })), /^the value for K from --secret s \(key k\) contains a NUL byte/);
  });

  test('a secret that was never read is an error, never an empty value', () => {
    assert.equal(refusal(options({}, { sources: [secret('s')] }), 3), 'no value was read for secret s');
  });
});
