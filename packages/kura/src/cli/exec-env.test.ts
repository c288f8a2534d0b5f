import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FLAGS, OPTIONAL_VALUE, VALUED } from './exec-args.js';
import { environmentTable, variableFor } from './exec-env.js';
import { EXEC_HELP, parseExecArgs } from './exec.js';
import type { ExecOptions } from '../inject/options.js';

const parse = (argv: string[], env: NodeJS.ProcessEnv) => parseExecArgs(argv, env) as ExecOptions;

describe('kura exec options from KURA_EXEC_* variables', () => {
  test('every option has a variable named after it', () => {
    assert.equal(variableFor('--fallback-max-age'), 'KURA_EXEC_FALLBACK_MAX_AGE');
    assert.equal(environmentTable().length, FLAGS.size + VALUED.size + OPTIONAL_VALUE.size);
  });

  test('the variables configure exec as the options do', () => {
    const options = parse(['app'], {
      KURA_EXEC_PATH: '/goecssample/database/sample/master',
      KURA_EXEC_PREFIX: 'DB_',
      KURA_EXEC_MAP: 'A=/a, B=secretsmanager://app/db:password\nC=/c:2',
      KURA_EXEC_RECURSIVE: 'true',
      KURA_EXEC_PRISTINE: '0',
      KURA_EXEC_WATCH: '1m',
      KURA_EXEC_RELOAD_SIGNAL: 'SIGHUP',
      KURA_EXEC_STRICT: 'DB_USER,DB_PASSWORD',
      KURA_EXEC_TIMEOUT: '5',
    });
    assert.deepEqual(options.sources.map((s) => s.kind), ['map', 'secret-map', 'map', 'path']);
    assert.equal(options.prefix, 'DB_');
    assert.equal(options.recursive, true);
    assert.equal(options.pristine, false);
    assert.deepEqual(options.watch, { intervalSeconds: 60, action: { kind: 'signal', signal: 'SIGHUP' }, killTimeoutSeconds: 10 });
    assert.deepEqual(options.strict, ['DB_USER', 'DB_PASSWORD']);
    assert.equal(options.timeoutSeconds, 5);
  });

  test('an option on the command line wins over its variable, whole', () => {
    const options = parse(['--path', '/cli', '--timeout', '9', 'app'], { KURA_EXEC_PATH: '/env1,/env2', KURA_EXEC_TIMEOUT: '5', KURA_EXEC_MAP: 'A=/a' });
    assert.deepEqual(options.sources, [{ kind: 'map', name: 'A', parameter: '/a' }, { kind: 'path', path: '/cli' }]);
    assert.equal(options.timeoutSeconds, 9);
  });

  test('--watch from the environment: on, off, or an interval', () => {
    assert.equal(parse(['app'], { KURA_EXEC_PATH: '/a', KURA_EXEC_WATCH: 'yes' }).watch?.intervalSeconds, 30);
    assert.equal(parse(['app'], { KURA_EXEC_PATH: '/a', KURA_EXEC_WATCH: 'false' }).watch, undefined);
    assert.equal(parse(['app'], { KURA_EXEC_PATH: '/a', KURA_EXEC_WATCH: '' }).watch, undefined);
  });

  test('refused: an unknown variable, a flag that is neither on nor off, a bad value', () => {
    const refuses = (env: NodeJS.ProcessEnv, message: RegExp) =>
      assert.throws(() => parseExecArgs(['app'], env), (error: Error & { exitCode: number }) => error.exitCode === 2 && message.test(error.message), message.source);
    refuses({ KURA_EXEC_PATHS: '/a' }, /KURA_EXEC_PATHS is not a kura exec option/);
    refuses({ KURA_EXEC_RECURSIVE: 'maybe' }, /KURA_EXEC_RECURSIVE expects 1, true or yes \(on\), or 0, false, no or nothing \(off\), got 'maybe'/);
    refuses({ KURA_EXEC_PATH: 'relative' }, /--path must start with \//);
    refuses({ KURA_EXEC_PATH: '/a', KURA_EXEC_WATCH: '1s' }, /--watch expects an interval of 5 s/);
  });

  test('the help names the rule and a variable', () => {
    assert.match(EXEC_HELP, /KURA_EXEC_FALLBACK_MAX_AGE/);
    assert.match(EXEC_HELP, /An option on the command line wins over its variable; KURA_EXEC_\* never reach PROGRAM/);
  });
});

describe('docs/exec.md', () => {
  test('its table lists every option and its variable', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../../../../docs/exec.md', import.meta.url), 'utf8');
    const table = /<!-- exec-env-table:start -->\n([\s\S]*?)\n<!-- exec-env-table:end -->/.exec(text)?.[1];
    const expected = ['| option | variable | several values |', '| --- | --- | --- |', ...environmentTable().map((r) => `| \`${r.flag}\` | \`${r.variable}\` | ${r.repeatable ? 'yes' : ''} |`)].join('\n');
    assert.equal(table, expected, `docs/exec.md's table should read:\n${expected}`);
  });
});
