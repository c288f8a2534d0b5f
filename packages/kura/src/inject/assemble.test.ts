import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assembleEnvironment, type AssembleOptions } from './assemble.js';
import type { Fetched } from './fetch.js';
import type { Source } from './sources.js';

const PATH = '/goecssample/database/sample/master';
const five = ['user', 'password', 'host', 'name', 'port'].map((leaf) => ({ name: `${PATH}/${leaf}`, value: `v-${leaf}` }));

function options(overrides: Partial<AssembleOptions> & { paths?: Record<string, Array<{ name: string; value: string }>>; values?: Record<string, string> } = {}): AssembleOptions {
  const { paths = {}, values = {}, ...rest } = overrides;
  const fetched: Fetched = { paths: new Map(Object.entries(paths)), values: new Map(Object.entries(values)) };
  return {
    inherited: { HOME: '/root', AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't', AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/creds' },
    sources: Object.keys(paths).map((path): Source => ({ kind: 'path', path })),
    references: [],
    fetched,
    prefix: '',
    pristine: false,
    keepCredentials: false,
    allowOverride: false,
    allowNames: new Set(),
    strict: [],
    ...rest,
  };
}

describe('assembling the program environment', () => {
  test('a path with --prefix DB_ gives the reference design variables, byte-exact', () => {
    const { env, overrides } = assembleEnvironment(options({ paths: { [PATH]: five }, prefix: 'DB_' }));
    assert.deepEqual(
      Object.fromEntries(Object.entries(env).filter(([k]) => k.startsWith('DB_'))),
      { DB_USER: 'v-user', DB_PASSWORD: 'v-password', DB_HOST: 'v-host', DB_NAME: 'v-name', DB_PORT: 'v-port' },
    );
    assert.deepEqual(overrides, []);
  });

  test('values keep =, newlines, spaces, Unicode and 8 KB as they are', () => {
    const odd = ['a=b=c', 'line1\nline2', '  padded  ', 'パスワード✓', 'x'.repeat(8192)];
    const { env } = assembleEnvironment(options({ paths: { '/app': odd.map((value, i) => ({ name: `/app/v${i}`, value })) } }));
    assert.deepEqual([env.V0, env.V1, env.V2, env.V3, env.V4], odd);
  });

  test('a NUL byte in a value is refused, naming the variable and not the value', () => {
    assert.throws(
      () => assembleEnvironment(options({ paths: { '/app': [{ name: '/app/k', value: 'sec\0ret' }] } })),
      (error: Error & { exitCode: number }) => error.exitCode === 4 && /value for K .* NUL byte/.test(error.message) && !error.message.includes('sec'),
    );
  });

  test('two parameters of one path that map to one name are an error naming both, even with --allow-override', () => {
    for (const allowOverride of [false, true]) {
      assert.throws(
        () => assembleEnvironment(options({ allowOverride, paths: { '/app': [{ name: '/app/db-password', value: 'a' }, { name: '/app/db_password', value: 'b' }] } })),
        /\/app\/db-password and \/app\/db_password under --path \/app both become DB_PASSWORD/,
      );
    }
    assert.throws(() => assembleEnvironment(options({ paths: { '/app': [{ name: '/app/Foo', value: 'a' }, { name: '/app/FOO', value: 'b' }] } })), /both become FOO/);
    assert.throws(() => assembleEnvironment(options({ paths: { '/app': [{ name: '/app/a/b', value: 'a' }, { name: '/app/a_b', value: 'b' }] } })), /both become A_B/);
  });

  test('two sources setting one name: an error naming both, or with --allow-override the later wins and is reported', () => {
    const base = { paths: { '/app': [{ name: '/app/host', value: 'from-path' }] }, values: { '/other/host': 'from-map' } };
    const sources: Source[] = [
      { kind: 'path', path: '/app' },
      { kind: 'map', name: 'HOST', parameter: '/other/host' },
    ];
    assert.throws(() => assembleEnvironment(options({ ...base, sources })), /--path \/app \(\/app\/host\) and --map HOST=\/other\/host both set HOST; pass --allow-override/);
    const { env, overrides } = assembleEnvironment(options({ ...base, sources, allowOverride: true }));
    assert.equal(env.HOST, 'from-map');
    assert.deepEqual(overrides, ['HOST from --map HOST=/other/host overrides --path /app (/app/host)']);
    assert.ok(!overrides.join().includes('from-'), 'names only');
  });

  test('references come first: a --path that sets the same name overrides them only with --allow-override', () => {
    const base = {
      inherited: { DB_PASSWORD: 'ssm:///secret/pw:3' },
      references: [{ name: 'DB_PASSWORD', parameter: '/secret/pw:3' }],
      values: { '/secret/pw:3': 'pinned' },
    };
    assert.equal(assembleEnvironment(options(base)).env.DB_PASSWORD, 'pinned');
    const paths = { '/db': [{ name: '/db/password', value: 'latest' }] };
    assert.throws(() => assembleEnvironment(options({ ...base, paths, prefix: 'DB_' })), /reference DB_PASSWORD=ssm:\/\/\/secret\/pw:3 and --path \/db/);
    assert.equal(assembleEnvironment(options({ ...base, paths, prefix: 'DB_', allowOverride: true })).env.DB_PASSWORD, 'latest');
  });

  test('a fetched value replaces an inherited plain variable silently (the image default)', () => {
    const { env, overrides } = assembleEnvironment(options({ inherited: { DB_HOST: 'localhost' }, paths: { '/db': [{ name: '/db/host', value: 'rds' }] }, prefix: 'DB_' }));
    assert.equal(env.DB_HOST, 'rds');
    assert.deepEqual(overrides, []);
  });

  test('names that change how programs load are refused unless --allow-name lists them', () => {
    for (const name of ['LD_PRELOAD', 'NODE_OPTIONS', 'PATH', 'PYTHONPATH', 'BASH_ENV', 'JAVA_TOOL_OPTIONS', 'LD_LIBRARY_PATH']) {
      const paths = { '/app': [{ name: `/app/${name.toLowerCase()}`, value: '/tmp/evil' }] };
      assert.throws(() => assembleEnvironment(options({ paths })), new RegExp(`refusing to set ${name} from --path /app .*--allow-name ${name}`));
      assert.equal(assembleEnvironment(options({ paths, allowNames: new Set([name]) })).env[name], '/tmp/evil');
    }
    assert.throws(
      () => assembleEnvironment(options({ sources: [{ kind: 'map', name: 'NODE_OPTIONS', parameter: '/x' }], values: { '/x': '--require=/tmp/evil.js' } })),
      /refusing to set NODE_OPTIONS from --map NODE_OPTIONS=\/x: it changes how programs load; pass --allow-name NODE_OPTIONS if that is intended$/,
    );
  });

  test("names that redirect the program's AWS calls, credentials or TLS trust are refused, naming the variable and the parameter, never the value", () => {
    const cases: Array<[string, string]> = [
      ['AWS_CONTAINER_CREDENTIALS_FULL_URI', "it changes where the program's AWS calls go or which credentials they use"],
      ['AWS_ENDPOINT_URL_SSM', "it changes where the program's AWS calls go or which credentials they use"],
      ['AWS_ACCESS_KEY_ID', "it changes where the program's AWS calls go or which credentials they use"],
      ['AWS_PROFILE', "it changes where the program's AWS calls go or which credentials they use"],
      ['AWS_CA_BUNDLE', "it changes which servers the program's connections trust or go through"],
      ['HTTPS_PROXY', "it changes which servers the program's connections trust or go through"],
    ];
    for (const [name, why] of cases) {
      const parameter = `/app/${name.toLowerCase()}`;
      const paths = { '/app': [{ name: parameter, value: 'https://attacker.example/CANARY' }] };
      assert.throws(
        () => assembleEnvironment(options({ paths })),
        (error: Error & { exitCode: number }) =>
          error.exitCode === 4 && error.message === `refusing to set ${name} from --path /app (${parameter}): ${why}; pass --allow-name ${name} if that is intended` && !error.message.includes('CANARY'),
        name,
      );
    }
  });

  test('--map, references and lower-case forms are refused too', () => {
    const values = { '/x': 'http://attacker.example:3128' };
    const map = (name: string) => options({ sources: [{ kind: 'map', name, parameter: '/x' }], values });
    assert.throws(() => assembleEnvironment(map('https_proxy')), /refusing to set https_proxy from --map https_proxy=\/x: .*--allow-name https_proxy if/);
    assert.throws(() => assembleEnvironment(map('aws_endpoint_url_sts')), /refusing to set aws_endpoint_url_sts from --map aws_endpoint_url_sts=\/x: /);
    const reference = options({ inherited: { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'ssm:///x' }, references: [{ name: 'AWS_CONTAINER_CREDENTIALS_FULL_URI', parameter: '/x' }], values });
    assert.throws(() => assembleEnvironment(reference), /refusing to set AWS_CONTAINER_CREDENTIALS_FULL_URI from reference AWS_CONTAINER_CREDENTIALS_FULL_URI=ssm:\/\/\/x: /);
  });

  test('--allow-name lets exactly the name it lists through, in that case only (Linux names are case-sensitive)', () => {
    const paths = { '/app': [{ name: '/app/aws_container_credentials_full_uri', value: 'http://127.0.0.1:9/creds' }, { name: '/app/aws_endpoint_url_ssm', value: 'http://127.0.0.1:9' }] };
    const one = new Set(['AWS_CONTAINER_CREDENTIALS_FULL_URI']);
    assert.throws(() => assembleEnvironment(options({ paths, allowNames: one })), /refusing to set AWS_ENDPOINT_URL_SSM from --path \/app \(\/app\/aws_endpoint_url_ssm\)/);
    const both = new Set(['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_ENDPOINT_URL_SSM']);
    const { env } = assembleEnvironment(options({ paths, allowNames: both }));
    assert.deepEqual([env.AWS_CONTAINER_CREDENTIALS_FULL_URI, env.AWS_ENDPOINT_URL_SSM], ['http://127.0.0.1:9/creds', 'http://127.0.0.1:9']);
    const values = { '/x': 'http://proxy.internal:3128' };
    const lower = (allow: string) => options({ sources: [{ kind: 'map', name: 'http_proxy', parameter: '/x' }], values, allowNames: new Set([allow]) });
    assert.throws(() => assembleEnvironment(lower('HTTP_PROXY')), /refusing to set http_proxy/);
    assert.equal(assembleEnvironment(lower('http_proxy')).env.http_proxy, 'http://proxy.internal:3128');
  });

  test('a parameter may still set the region and plain AWS-looking names', () => {
    const paths = { '/app': [{ name: '/app/aws_region', value: 'eu-west-1' }, { name: '/app/aws_bucket', value: 'b' }] };
    const { env } = assembleEnvironment(options({ paths }));
    assert.deepEqual([env.AWS_REGION, env.AWS_BUCKET], ['eu-west-1', 'b']);
  });

  test('the credentials Kura used are removed; container-credential variables stay; --keep-credentials keeps them', () => {
    const { env } = assembleEnvironment(options({ paths: { [PATH]: five } }));
    assert.deepEqual([env.AWS_ACCESS_KEY_ID, env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN], [undefined, undefined, undefined]);
    assert.equal(env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, '/v2/creds');
    assert.equal(env.HOME, '/root');
    const kept = assembleEnvironment(options({ paths: { [PATH]: five }, keepCredentials: true })).env;
    assert.deepEqual([kept.AWS_ACCESS_KEY_ID, kept.AWS_SECRET_ACCESS_KEY, kept.AWS_SESSION_TOKEN], ['AKIA', 's', 't']);
  });

  test('--pristine passes only what was read, references included', () => {
    const { env } = assembleEnvironment(
      options({ pristine: true, inherited: { HOME: '/root', PATH: '/bin', S: 'ssm:///s' }, references: [{ name: 'S', parameter: '/s' }], values: { '/s': 'v' }, paths: { '/app': [{ name: '/app/a', value: '1' }] } }),
    );
    assert.deepEqual(env, { S: 'v', A: '1' });
  });

  test('--strict fails on a name that is not set, or set empty, and lists them all', () => {
    const base = { inherited: { EMPTY: '' }, paths: { [PATH]: five }, prefix: 'DB_' };
    assert.doesNotThrow(() => assembleEnvironment(options({ ...base, strict: ['DB_USER', 'DB_PASSWORD'] })));
    assert.throws(
      () => assembleEnvironment(options({ ...base, strict: ['DB_USER', 'DB_SCHEMA', 'EMPTY'] })),
      (error: Error & { exitCode: number }) => error.exitCode === 4 && error.message === '--strict: not set after reading every source: DB_SCHEMA, EMPTY',
    );
  });

  test('a parameter the store returns outside the path is a store error, not a silent skip', () => {
    assert.throws(() => assembleEnvironment(options({ paths: { '/app': [{ name: '/elsewhere/x', value: 'v' }] } })), /not under --path \/app/);
  });
});

describe('--path and names with . or .. levels', () => {
  test("a '..' level is refused, naming the parameter and the way to read it on purpose, never the value", () => {
    const paths = { '/goecssample': [{ name: '/goecssample/db/host', value: 'h' }, { name: '/goecssample/../prod/db/password', value: 'CANARY' }] };
    assert.throws(
      () => assembleEnvironment(options({ paths })),
      (error: Error & { exitCode: number }) =>
        error.exitCode === 4 &&
        error.message ===
          "refusing /goecssample/../prod/db/password under --path /goecssample: its '..' level is part of the name (Parameter Store does not resolve it), and ___PROD_DB_PASSWORD would not say where the value came from; read it with --map NAME=/goecssample/../prod/db/password if that is intended",
    );
  });

  test("'.' levels, a path that has one itself, and --allow-name are no way around it", () => {
    assert.throws(() => assembleEnvironment(options({ paths: { '/app': [{ name: '/app/./x', value: 'v' }] } })), /^ExecError: refusing \/app\/\.\/x under --path \/app: its '\.' level/);
    const underDots = { '/goecssample/../prod': [{ name: '/goecssample/../prod/db/password', value: 'v' }] };
    assert.throws(() => assembleEnvironment(options({ paths: underDots, allowNames: new Set(['DB_PASSWORD']) })), /refusing \/goecssample\/\.\.\/prod\/db\/password under --path \/goecssample\/\.\.\/prod: its '\.\.' level/);
  });

  test('--map reads such a parameter under the name the operator chose; names that merely contain dots map as before', () => {
    const sources: Source[] = [{ kind: 'map', name: 'PROD_LOOKALIKE', parameter: '/goecssample/../prod/db/password' }];
    const { env } = assembleEnvironment(options({ sources, values: { '/goecssample/../prod/db/password': 'v' } }));
    assert.equal(env.PROD_LOOKALIKE, 'v');
    const dotted = assembleEnvironment(options({ paths: { '/app': [{ name: '/app/a..b', value: '1' }, { name: '/app/.hidden', value: '2' }] } }));
    assert.deepEqual([dotted.env.A__B, dotted.env._HIDDEN], ['1', '2']);
  });
});
