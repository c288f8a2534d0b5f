import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseServeArgs } from './config.js';
import { redactStoreUrl } from './store-url.js';

const parse = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const config = parseServeArgs(args, '/work', env);
  assert.ok(config !== 'help');
  return config;
};

describe('--store and KURA_STORE', () => {
  it('take a PostgreSQL URL; without either, SQLite in the data directory', () => {
    assert.equal(parse([]).storeUrl, undefined);
    assert.equal(parse(['--store', 'postgres://kura@db:5432/kura']).storeUrl, 'postgres://kura@db:5432/kura');
    assert.equal(parse([], { KURA_STORE: 'postgresql://kura@db/kura?sslmode=require' }).storeUrl, 'postgresql://kura@db/kura?sslmode=require');
    assert.equal(parse([], { KURA_STORE: '' }).storeUrl, undefined, 'an empty variable counts as unset');
  });

  it('the flag wins over the environment', () => {
    assert.equal(parse(['--store', 'postgres://flag@db/kura'], { KURA_STORE: 'postgres://env@db/kura' }).storeUrl, 'postgres://flag@db/kura');
  });

  it('refuses what is not a PostgreSQL URL, naming where it came from and never repeating it', () => {
    const secret = 's3cr3t-password';
    const cases: Array<[string[], NodeJS.ProcessEnv, string]> = [
      [['--store', `mysql://root:${secret}@db/kura`], {}, "--store must be a PostgreSQL URL (postgres:// or postgresql://), not a 'mysql:' one"],
      [[], { KURA_STORE: `kura:${secret}@db` }, "KURA_STORE must be a PostgreSQL URL (postgres:// or postgresql://), not a 'kura:' one"],
      [[], { KURA_STORE: `not a url ${secret}` }, 'KURA_STORE must be a PostgreSQL URL such as postgres://user@host:5432/db?sslmode=verify-full'],
    ];
    for (const [args, env, message] of cases) {
      assert.throws(() => parse(args, env), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.message, message);
        assert.ok(!error.message.includes(secret));
        return true;
      });
    }
  });
});

describe('failover URLs', () => {
  it('refuses several hosts, which the pg driver cannot use, saying what to give instead', () => {
    for (const url of ['postgres://kura:pw@db1:5432,db2:5432/kura?target_session_attrs=read-write', 'postgresql://kura@db1,db2/kura', 'postgres:///kura?host=db1,db2']) {
      assert.throws(() => parse(['--store', url]), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /^--store names several hosts, which Kura cannot use: give one address that always reaches the primary \(a virtual IP, a proxy or pooler/);
        assert.ok(!error.message.includes('pw@'));
        return true;
      });
    }
  });

  it('takes target_session_attrs=read-write (what Kura checks on every connection anyway), refuses a standby', () => {
    assert.equal(parse(['--store', 'postgres://kura@vip/kura?target_session_attrs=read-write']).storeUrl, 'postgres://kura@vip/kura?target_session_attrs=read-write');
    assert.throws(() => parse(['--store', 'postgres://kura@vip/kura?target_session_attrs=prefer-standby']), /--store asks for target_session_attrs=prefer-standby: Kura reads and writes on the primary only/);
  });
});

describe('redactStoreUrl', () => {
  it('hides the password wherever the URL carries one', () => {
    assert.equal(redactStoreUrl('postgres://kura:hunter2@db:5432/kura?sslmode=verify-full'), 'postgres://kura:***@db:5432/kura?sslmode=verify-full');
    assert.equal(redactStoreUrl('postgres://kura@db/kura?password=hunter2'), 'postgres://kura@db/kura?password=***');
    assert.equal(redactStoreUrl('postgres://kura@db/kura'), 'postgres://kura@db/kura');
    assert.equal(redactStoreUrl('::hunter2::'), 'postgres://(unparseable URL)');
  });
});
