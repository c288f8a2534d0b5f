import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { execveCanRun, resolveProgram } from './program.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kura-program-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer, mode: number) => {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  chmodSync(full, mode);
  return full;
};

describe('finding the program', () => {
  test('looks a bare name up in PATH, keeping argv[0] as typed', () => {
    mkdirSync(path.join(dir, 'bin'));
    const app = path.join(dir, 'bin', 'app');
    writeFileSync(app, '#!/bin/sh\n');
    chmodSync(app, 0o755);
    assert.deepEqual(resolveProgram('app', ['--port', '80'], `/nonexistent:${path.join(dir, 'bin')}`), { file: app, argv0: 'app', args: ['--port', '80'] });
  });

  test('a name with a slash is taken relative to the working directory, PATH unused', () => {
    const server = file('server', '#!/bin/sh\n', 0o755);
    assert.equal(resolveProgram('./server', [], '', dir).file, server);
  });

  test('not found is 127; found but not executable is 126; a directory is not a program', () => {
    assert.throws(() => resolveProgram('kura-no-such-program', [], '/usr/bin:/bin'), { exitCode: 127, message: 'kura-no-such-program: program not found in PATH' });
    file('data.txt', 'x', 0o644);
    assert.throws(() => resolveProgram('./data.txt', [], '', dir), { exitCode: 126 });
    assert.throws(() => resolveProgram('bin', [], dir), { exitCode: 127 });
  });

  test('execve is used only for ELF binaries and #! scripts (process.execve aborts on ENOEXEC)', () => {
    assert.ok(execveCanRun(process.execPath));
    assert.ok(execveCanRun(file('script', '#!/bin/sh\necho hi\n', 0o755)));
    assert.ok(!execveCanRun(file('no-shebang', 'echo hi\n', 0o755)));
    assert.ok(!execveCanRun(file('empty', '', 0o755)));
    assert.ok(!execveCanRun(path.join(dir, 'missing')));
  });
});
