import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseExecArgs } from './exec.js';

describe('kura exec command line', () => {
  test('the one-line entrypoint of the reference design', () => {
    const options = parseExecArgs(['--path', '/goecssample/database/sample/master', '--', './server']);
    assert.ok(options !== 'help');
    assert.deepEqual(options.sources, [{ kind: 'path', path: '/goecssample/database/sample/master' }]);
    assert.deepEqual(options.command, ['./server']);
    assert.equal(options.timeoutSeconds, 30);
  });

  test('every option, in both --opt value and --opt=value forms; sources keep their order', () => {
    const options = parseExecArgs([
      '--path=/a', '--map', 'X=/b:3', '--path', '/c', '--recursive', '--prefix', 'DB_', '--allow-override', '--allow-name=PATH,LD_PRELOAD',
      '--strict', 'X,DB_HOST', '--strict=Y', '--pristine', '--keep-credentials', '--timeout', '2.5', '--insecure-http', '--', 'app', '--path', 'x',
    ]);
    assert.ok(options !== 'help');
    assert.deepEqual(options.sources, [
      { kind: 'path', path: '/a' },
      { kind: 'map', name: 'X', parameter: '/b:3' },
      { kind: 'path', path: '/c' },
    ]);
    assert.deepEqual(
      [options.recursive, options.prefix, options.allowOverride, options.allowNames, options.strict, options.pristine, options.keepCredentials, options.timeoutSeconds, options.insecureHttp],
      [true, 'DB_', true, ['PATH', 'LD_PRELOAD'], ['X', 'DB_HOST', 'Y'], true, true, 2.5, true],
    );
    assert.deepEqual(options.command, ['app', '--path', 'x'], "the program's arguments are its own");
  });

  test('options end at the first argument that is not one, without --', () => {
    const options = parseExecArgs(['--path', '/a', 'env', '-0']);
    assert.ok(options !== 'help');
    assert.deepEqual(options.command, ['env', '-0']);
  });

  test('--secret and secret --map targets keep their place among the sources', () => {
    const options = parseExecArgs(['--path', '/a', '--secret', 'app/db', '--map', 'PW=secretsmanager://app/db:password', '--secret=secretsmanager://app/api:key::v1', '--', 'app']);
    assert.ok(options !== 'help');
    assert.deepEqual(options.sources, [
      { kind: 'path', path: '/a' },
      { kind: 'secret', secret: { spec: 'app/db', secretId: 'app/db' } },
      { kind: 'secret-map', name: 'PW', secret: { spec: 'app/db:password', secretId: 'app/db', jsonKey: 'password' } },
      { kind: 'secret', secret: { spec: 'app/api:key::v1', secretId: 'app/api', jsonKey: 'key', versionId: 'v1' } },
    ]);
  });

  test('help', () => {
    assert.equal(parseExecArgs(['--help']), 'help');
    assert.equal(parseExecArgs(['-h', '--', 'x']), 'help');
  });

  test('usage errors exit 2 with one line', () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /no program given/],
      [['--path', '/a'], /no program given/],
      [['--path'], /--path needs a value/],
      [['--path', 'relative', '--', 'x'], /--path must start with \//],
      [['--map', 'nope', '--', 'x'], /--map expects NAME=PARAMETER/],
      [['--secret', 'a b', '--', 'x'], /--secret: 'a b' is not a secret reference/],
      [['--map', 'X=secretsmanager://a:b:c:d:e', '--', 'x'], /--map X: .*\(more than three fields/],
      [['--timeout', '0', '--', 'x'], /--timeout expects a duration above 0 and at most 3600 seconds/],
      [['--timeout', 'soon', '--', 'x'], /--timeout expects a duration/],
      [['--strict', 'A,1B', '--', 'x'], /--strict expects NAME,NAME/],
      [['--prefix', 'DB-', '--', 'x'], /--prefix may hold only/],
      [['--recursive=yes', '--', 'x'], /--recursive takes no value/],
      [['--verbose', '--', 'x'], /unknown option --verbose/],
    ];
    for (const [argv, message] of cases) assert.throws(() => parseExecArgs(argv), (error: Error & { exitCode: number }) => error.exitCode === 2 && message.test(error.message) && !error.message.includes('\n'), argv.join(' '));
  });
});
