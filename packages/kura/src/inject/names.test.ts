import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { envNameFor, isLoaderName, isValidEnvName, relativeName } from './names.js';

describe('environment names from parameter names', () => {
  test('the issue example: database/sample/master/user under /goecssample', () => {
    assert.equal(envNameFor(relativeName('/goecssample', '/goecssample/database/sample/master/user')!), 'DATABASE_SAMPLE_MASTER_USER');
  });

  test('--prefix DB_ gives the reference design names', () => {
    const path = '/goecssample/database/sample/master';
    const names = ['user', 'password', 'host', 'name', 'port'].map((leaf) => envNameFor(relativeName(path, `${path}/${leaf}`)!, 'DB_'));
    assert.deepEqual(names, ['DB_USER', 'DB_PASSWORD', 'DB_HOST', 'DB_NAME', 'DB_PORT']);
  });

  test('dashes, dots and nested levels become underscores; case is folded up', () => {
    assert.equal(envNameFor('db-password'), 'DB_PASSWORD');
    assert.equal(envNameFor('db.password'), 'DB_PASSWORD');
    assert.equal(envNameFor('a/b'), 'A_B');
    assert.equal(envNameFor('Foo'), envNameFor('FOO'));
  });

  test('a name that would start with a digit gets a leading underscore, unless the prefix covers it', () => {
    assert.equal(envNameFor('1st'), '_1ST');
    assert.equal(envNameFor('1st', 'APP_'), 'APP_1ST');
    assert.ok(isValidEnvName(envNameFor('9')));
  });

  test('relative names ignore leading and trailing slashes, and the root path', () => {
    assert.equal(relativeName('/app/', '/app/x'), 'x');
    assert.equal(relativeName('app', '/app/x/y'), 'x/y');
    assert.equal(relativeName('/', '/app/x'), 'app/x');
    assert.equal(relativeName('/', 'plain'), 'plain');
    assert.equal(relativeName('/app', '/application/x'), undefined);
    assert.equal(relativeName('/app', '/app'), undefined);
  });

  test('valid names', () => {
    for (const ok of ['A', '_', 'DB_HOST', 'a1']) assert.ok(isValidEnvName(ok), ok);
    for (const bad of ['', '1A', 'A-B', 'A B', 'A=B', 'É']) assert.ok(!isValidEnvName(bad), bad);
  });

  test('names that change how programs load are recognised, whatever their case', () => {
    for (const name of ['LD_PRELOAD', 'LD_LIBRARY_PATH', 'ld_audit', 'NODE_OPTIONS', 'PATH', 'PYTHONPATH', 'BASH_ENV', 'JAVA_TOOL_OPTIONS', 'DYLD_INSERT_LIBRARIES']) {
      assert.ok(isLoaderName(name), name);
    }
    for (const name of ['DB_PATH', 'PATHS', 'NODE_ENV', 'HOME', 'DB_PASSWORD']) assert.ok(!isLoaderName(name), name);
  });
});
