import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDuration } from './duration.js';
import { parseExecArgs } from './exec.js';
import type { ExecOptions } from '../inject/options.js';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseExecArgs(argv, env) as ExecOptions;

function refuses(argv: string[], message: RegExp, env: NodeJS.ProcessEnv = {}): void {
  assert.throws(() => parseExecArgs(argv, env), (error: Error & { exitCode: number }) => error.exitCode === 2 && message.test(error.message) && !error.message.includes('\n'), `${argv.join(' ')} → ${message}`);
}

describe('durations', () => {
  test('seconds bare or with a unit', () => {
    assert.equal(parseDuration('30'), 30);
    assert.equal(parseDuration('1.5'), 1.5);
    assert.equal(parseDuration('30s'), 30);
    assert.equal(parseDuration('5m'), 300);
    assert.equal(parseDuration('2h'), 7200);
    assert.equal(parseDuration('7d'), 604800);
    for (const bad of ['', 's', '-1', '1e3', '5 m', '5M', '1w', '0x10', 'Infinity']) assert.equal(parseDuration(bad), undefined, bad);
  });
});

describe('kura exec watching options', () => {
  test('--watch alone restarts every 30 s; --watch=INTERVAL sets the interval', () => {
    assert.deepEqual(parse(['--path', '/a', '--watch', '--', 'app']).watch, { intervalSeconds: 30, action: { kind: 'restart' }, killTimeoutSeconds: 10 });
    assert.deepEqual(parse(['--path', '/a', '--watch=2m', '--restart', '--kill-timeout', '3', 'app']).watch, { intervalSeconds: 120, action: { kind: 'restart' }, killTimeoutSeconds: 3 });
    assert.deepEqual(parse(['--path', '/a', '--watch=5', '--reload-signal', 'HUP', 'app']).watch, { intervalSeconds: 5, action: { kind: 'signal', signal: 'SIGHUP' }, killTimeoutSeconds: 10 });
    assert.equal(parse(['--path', '/a', 'app']).watch, undefined);
  });

  test('--watch takes its value only after =: the next word is the program', () => {
    const options = parse(['--path', '/a', '--watch', '30', 'x']);
    assert.equal(options.watch?.intervalSeconds, 30);
    assert.deepEqual(options.command, ['30', 'x']);
  });

  test('refusals', () => {
    refuses(['--path', '/a', '--watch=4', 'app'], /--watch expects an interval of 5 s to 1 day .*stampede/);
    refuses(['--path', '/a', '--watch=2d', 'app'], /--watch expects an interval/);
    refuses(['--path', '/a', '--watch=soon', 'app'], /--watch expects an interval/);
    refuses(['--path', '/a', '--restart', 'app'], /--restart needs --watch/);
    refuses(['--path', '/a', '--reload-signal', 'SIGHUP', 'app'], /--reload-signal needs --watch/);
    refuses(['--path', '/a', '--kill-timeout', '5', 'app'], /--kill-timeout needs --watch/);
    refuses(['--path', '/a', '--watch', '--restart', '--reload-signal', 'SIGHUP', 'app'], /--restart and --reload-signal exclude each other/);
    refuses(['--path', '/a', '--watch', '--reload-signal', 'SIGHUP', '--kill-timeout', '5', 'app'], /--kill-timeout is for --restart/);
    refuses(['--path', '/a', '--watch', '--reload-signal', 'SIGKILL', 'app'], /--reload-signal expects one of SIGHUP, SIGUSR1, SIGUSR2, SIGWINCH, SIGALRM, got 'SIGKILL'/);
    refuses(['--path', '/a', '--watch', '--reload-signal', 'TERM', 'app'], /--reload-signal expects one of/);
    refuses(['--path', '/a', '--watch', '--kill-timeout', '0', 'app'], /--kill-timeout expects a duration above 0/);
  });
});

describe('kura exec fallback options', () => {
  test('--fallback needs its key variable; the age defaults to a day', () => {
    assert.deepEqual(parse(['--path', '/a', '--fallback', '/var/kura/lkg', '--fallback-key-env', 'LKG_KEY', 'app']).fallback, { file: '/var/kura/lkg', keyEnv: 'LKG_KEY', maxAgeSeconds: 86400 });
    assert.equal(parse(['--path', '/a', '--fallback=/x', '--fallback-key-env=K', '--fallback-max-age=7d', 'app']).fallback?.maxAgeSeconds, 604800);
    refuses(['--path', '/a', '--fallback', '/x', 'app'], /--fallback needs --fallback-key-env VAR/);
    refuses(['--path', '/a', '--fallback-key-env', 'K', 'app'], /--fallback-key-env needs --fallback FILE/);
    refuses(['--path', '/a', '--fallback-max-age', '1h', 'app'], /--fallback-max-age needs --fallback FILE/);
    refuses(['--path', '/a', '--fallback', '/x', '--fallback-key-env', 'not-a-name', 'app'], /--fallback-key-env expects a variable name/);
  });
});

describe('kura exec file and template options', () => {
  test('--file takes a parameter or a secret; paths become absolute', () => {
    const options = parse(['--file', '/run/secrets/db=/app/db/password:3', '--file', 'conf/key=secretsmanager://app/db:password', '--json-expand', 'app']);
    assert.deepEqual(options.files[0], { path: '/run/secrets/db', value: { kind: 'parameter', parameter: '/app/db/password:3' }, spec: '/run/secrets/db=/app/db/password:3' });
    assert.equal(options.files[1]?.path, `${process.cwd()}/conf/key`);
    assert.deepEqual(options.files[1]?.value, { kind: 'secret', secret: { spec: 'app/db:password', secretId: 'app/db', jsonKey: 'password' } });
    assert.equal(options.jsonExpand, true);
  });

  test('--template IN:OUT', () => {
    assert.deepEqual(parse(['--map', 'A=/a', '--template', '/etc/app.tmpl:/run/app.conf', 'app']).templates, [{ input: '/etc/app.tmpl', output: '/run/app.conf' }]);
  });

  test('refusals, and no two outputs on one path', () => {
    refuses(['--file', 'nope', 'app'], /--file expects PATH=PARAMETER or PATH=secretsmanager:\/\/SECRET/);
    refuses(['--file', '/x=', 'app'], /--file expects PATH=/);
    refuses(['--file', '/x=secretsmanager://a b', 'app'], /--file \/x: 'a b' is not a secret reference/);
    refuses(['--template', '/a', 'app'], /--template expects IN:OUT/);
    refuses(['--template', '/a:/b:/c', 'app'], /--template expects IN:OUT/);
    refuses(['--template', '/a:/a', 'app'], /the output would overwrite the template/);
    refuses(['--file', '/x=/p', '--file', '/x=/q', 'app'], /--file \/x and --file \/x both name \/x/);
    refuses(['--map', 'A=/a', '--template', '/t:/x', '--file', '/x=/q', 'app'], /--file \/x and --template \/t:\/x both name \/x/);
    refuses(['--file', '/t=/q', '--template', '/t:/x', 'app'], /both name \/t/);
    refuses(['--path', '/a', '--fallback', '/f', '--fallback-key-env', 'K', '--file', '/f=/q', 'app'], /--file \/f and --fallback both name \/f/);
  });
});
