import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileSystemOf, mountedType } from './file-system.js';
import { OutputFiles } from './output-files.js';

let root: string;
before(() => {
  root = mkdtempSync(path.join(tmpdir(), 'kura-output-files-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

let count = 0;
function fresh(): { dir: string; files: OutputFiles; lines: string[] } {
  count += 1;
  const dir = path.join(root, `case-${count}`);
  mkdirSync(dir);
  const lines: string[] = [];
  return { dir, files: new OutputFiles((line) => lines.push(line)), lines };
}

const file = (p: string, content: string) => ({ path: p, content, origin: `--file ${p}` });
const mode = (p: string) => statSync(p).mode & 0o777;

describe('the files of --file and --template', () => {
  test('written mode 0400 (whatever the umask), missing directories created 0700; removeAll removes both', () => {
    const { dir, files } = fresh();
    const deep = path.join(dir, 'a', 'b', 'db-password');
    const flat = path.join(dir, 'token');
    const umask = process.umask(0o777);
    try {
      files.write([file(deep, 'p@ss w0rd\né'), file(flat, '')]);
    } finally {
      process.umask(umask);
    }
    assert.equal(readFileSync(deep, 'utf8'), 'p@ss w0rd\né');
    assert.equal(readFileSync(flat, 'utf8'), '');
    assert.deepEqual([mode(deep), mode(flat)], [0o400, 0o400]);
    assert.deepEqual([mode(path.join(dir, 'a')), mode(path.join(dir, 'a', 'b'))], [0o700, 0o700]);
    assert.equal(statSync(deep).uid, process.getuid?.());
    assert.deepEqual(readdirSync(dir).sort(), ['a', 'token'], 'no temporary file left');
    files.removeAll();
    assert.deepEqual(readdirSync(dir), [], 'the files and the directories Kura created are gone');
    assert.ok(existsSync(dir), 'a directory that was there before stays');
    files.removeAll();
  });

  test('a created directory that is no longer empty stays, and so does what someone else put in it', () => {
    const { dir, files, lines } = fresh();
    const target = path.join(dir, 'made', 'value');
    files.write([file(target, 'v')]);
    writeFileSync(path.join(dir, 'made', 'theirs'), 'x');
    files.removeAll();
    assert.deepEqual(readdirSync(path.join(dir, 'made')), ['theirs']);
    assert.deepEqual(lines.filter((l) => l.startsWith('could not')), []);
  });

  test('removeAll tolerates files already gone', () => {
    const { dir, files, lines } = fresh();
    const target = path.join(dir, 'value');
    files.write([file(target, 'v')]);
    unlinkSync(target);
    files.removeAll();
    assert.deepEqual(lines.filter((l) => l.startsWith('could not')), []);
  });

  test('unchanged content is not rewritten; changed content replaces the file by rename', () => {
    const { dir, files } = fresh();
    const target = path.join(dir, 'value');
    files.write([file(target, 'one')]);
    const first = statSync(target).ino;
    files.write([file(target, 'one')]);
    assert.equal(statSync(target).ino, first, 'same content: the same file');
    const reader = openSync(target, 'r');
    try {
      files.write([file(target, 'two, longer')]);
      const buffer = Buffer.alloc(64);
      assert.equal(buffer.subarray(0, readSync(reader, buffer, 0, 64, 0)).toString(), 'one', 'a reader holding the old file keeps its content whole');
    } finally {
      closeSync(reader);
    }
    assert.equal(readFileSync(target, 'utf8'), 'two, longer');
    assert.notEqual(statSync(target).ino, first);
    assert.equal(mode(target), 0o400);
    files.removeAll();
  });

  test('a reader reading the file in a loop while it is replaced sees the old or the new content whole, never a mix', async () => {
    const { dir, files } = fresh();
    const target = path.join(dir, 'big');
    const a = 'a'.repeat(1 << 20);
    const b = 'b'.repeat((1 << 20) + 4096);
    files.write([file(target, a)]);
    const script = `
      const { readFileSync } = require('node:fs');
      const seen = { a: 0, b: 0, mixed: 0, missing: 0 };
      const end = Date.now() + 1500;
      while (Date.now() < end) {
        let text;
        try { text = readFileSync(process.argv[1], 'utf8'); } catch { seen.missing++; continue; }
        if (text === ${JSON.stringify('')} ) seen.mixed++;
        else if (text.length === ${a.length} && !/[^a]/.test(text)) seen.a++;
        else if (text.length === ${b.length} && !/[^b]/.test(text)) seen.b++;
        else seen.mixed++;
      }
      process.stdout.write(JSON.stringify(seen));`;
    const reader = spawn(process.execPath, ['-e', script, target], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    reader.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const done = new Promise((resolve) => reader.once('close', resolve));
    const end = Date.now() + 1300;
    let writes = 0;
    while (Date.now() < end) {
      files.write([file(target, writes % 2 === 0 ? b : a)]);
      writes += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await done;
    const seen = JSON.parse(out) as Record<string, number>;
    assert.equal(seen.mixed, 0, out);
    assert.equal(seen.missing, 0, `the path never disappears: ${out}`);
    assert.ok(writes > 20 && (seen.a ?? 0) > 0 && (seen.b ?? 0) > 0, `${writes} writes, ${out}`);
    files.removeAll();
  });

  test('a regular file already at PATH is replaced (0400), then removed at exit', () => {
    const { dir, files } = fresh();
    const target = path.join(dir, 'old');
    writeFileSync(target, 'stale', { mode: 0o644 });
    files.write([file(target, 'fresh')]);
    assert.equal(readFileSync(target, 'utf8'), 'fresh');
    assert.equal(mode(target), 0o400);
    files.removeAll();
    assert.ok(!existsSync(target));
  });

  test('a symbolic link at PATH is refused, dangling or not, and nothing is written through it', () => {
    const { dir, files } = fresh();
    const victim = path.join(dir, 'victim');
    writeFileSync(victim, 'untouched');
    const link = path.join(dir, 'link');
    symlinkSync(victim, link);
    const dangling = path.join(dir, 'dangling');
    symlinkSync(path.join(dir, 'nowhere'), dangling);
    for (const target of [link, dangling]) {
      assert.throws(
        () => files.write([file(target, 'SECRET-VALUE')]),
        (error: Error & { exitCode: number }) =>
          error.exitCode === 4 && error.message === `--file ${target}: it is a symbolic link, and Kura never writes through one; remove it, or give the path it points to`,
      );
    }
    assert.equal(readFileSync(victim, 'utf8'), 'untouched');
    assert.ok(!existsSync(path.join(dir, 'nowhere')));
    assert.ok(lstatSync(link).isSymbolicLink() && lstatSync(dangling).isSymbolicLink());
    assert.deepEqual(readdirSync(dir).sort(), ['dangling', 'link', 'victim'], 'no temporary file left');
  });

  test('a directory or a FIFO at PATH is refused; a file where a directory should be too', () => {
    const { dir, files } = fresh();
    mkdirSync(path.join(dir, 'sub'));
    assert.throws(() => files.write([file(path.join(dir, 'sub'), 'v')]), /^ExecError: --file \S+\/sub: it is a directory$/);
    if (spawnSync('mkfifo', [path.join(dir, 'fifo')]).status === 0) {
      assert.throws(() => files.write([file(path.join(dir, 'fifo'), 'v')]), /: it is not a regular file$/);
    }
    writeFileSync(path.join(dir, 'plain'), 'x');
    assert.throws(() => files.write([file(path.join(dir, 'plain', 'value'), 'v')]), /: \S+\/plain is not a directory$/);
    assert.throws(() => files.write([file(path.join(dir, 'plain', 'deeper', 'value'), 'v')]), /: cannot use the directory \S+\/plain\/deeper \(ENOTDIR\)$/);
  });

  test('a write that fails part-way changes nothing: every file is staged before any is renamed', () => {
    const { dir, files } = fresh();
    const first = path.join(dir, 'first');
    const second = path.join(dir, 'second');
    files.write([file(first, 'v1'), file(second, 'v1')]);
    unlinkSync(second);
    mkdirSync(second);
    assert.throws(() => files.write([file(first, 'v2'), file(second, 'v2')]), /second: it is a directory/);
    assert.equal(readFileSync(first, 'utf8'), 'v1', 'the first file kept its old content');
    assert.deepEqual(readdirSync(dir).sort(), ['first', 'second'], 'no temporary file left');
    // and the next write, once the obstacle is gone, writes the first file again
    rmSync(second, { recursive: true });
    files.write([file(first, 'v2'), file(second, 'v2')]);
    assert.deepEqual([readFileSync(first, 'utf8'), readFileSync(second, 'utf8')], ['v2', 'v2']);
    files.removeAll();
    assert.deepEqual(readdirSync(dir), []);
  });

  test('a write that fails (EFBIG under ulimit -f) leaves no temporary file, and removeAll the directory it made', () => {
    const { dir } = fresh();
    const script = path.join(dir, 'write-big.ts');
    const target = path.join(dir, 'made', 'big');
    const module = new URL('./output-files.ts', import.meta.url).pathname;
    writeFileSync(
      script,
      `import { readdirSync } from 'node:fs';
import { OutputFiles } from ${JSON.stringify(module)};
process.on('SIGXFSZ', () => {});
const files = new OutputFiles(() => {});
try { files.write([{ path: ${JSON.stringify(target)}, content: 'x'.repeat(8192), origin: '--file ${target}' }]); } catch (e) { console.log(e.exitCode, e.message); }
console.log(JSON.stringify(readdirSync(${JSON.stringify(path.dirname(target))})));
files.removeAll();`,
    );
    const run = spawnSync('sh', ['-c', 'ulimit -f 1 && exec "$0" --import tsx "$1"', process.execPath, script], { encoding: 'utf8' });
    assert.equal(run.stdout, `4 --file ${target}: cannot write a file in ${path.dirname(target)} (EFBIG)\n[]\n`, run.stderr);
    assert.deepEqual(readdirSync(dir), ['write-big.ts']);
  });

  test('a directory that is not a tmpfs is reported once, naming the directory and the file system, never a value', () => {
    const { dir, files, lines } = fresh();
    const kind = fileSystemOf(dir);
    files.write([file(path.join(dir, 'one'), 'SECRET-1'), file(path.join(dir, 'two'), 'SECRET-2')]);
    files.write([file(path.join(dir, 'one'), 'SECRET-3')]);
    if (kind.memory === false) {
      assert.deepEqual(lines, [`${dir} (--file ${dir}/one) is on ${kind.name}, not a tmpfs: the values written there reach the disk; use /dev/shm or a tmpfs mount (on ECS with EC2: linuxParameters.tmpfs)`]);
    } else assert.deepEqual(lines, []);
    files.removeAll();
  });

  test('a directory on a tmpfs is not reported', { skip: fileSystemOf('/dev/shm').memory !== true && 'no tmpfs at /dev/shm' }, () => {
    const dir = mkdtempSync('/dev/shm/kura-output-files-');
    try {
      const lines: string[] = [];
      const files = new OutputFiles((line) => lines.push(line));
      files.write([file(path.join(dir, 'value'), 'v'), file(path.join(dir, 'made', 'value'), 'v')]);
      assert.deepEqual(lines, []);
      files.removeAll();
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the file system of a directory', () => {
  test('mountinfo names the mount holding it: the longest mount point above it, the last of equals', () => {
    const info = path.join(root, 'mountinfo');
    writeFileSync(
      info,
      [
        '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
        `25 24 0:23 / ${root} rw,relatime shared:5 - tmpfs tmpfs rw`,
        `30 24 0:27 / ${root} rw,relatime - overlay overlay rw`,
        `31 24 0:28 / ${root}/with\\040space rw - xfs /dev/x rw`,
        `32 24 0:29 / ${root}-sibling rw - btrfs /dev/y rw`,
        '',
      ].join('\n'),
    );
    mkdirSync(path.join(root, 'with space', 'in'), { recursive: true });
    assert.equal(mountedType(path.join(root, 'with space', 'in'), info), 'xfs');
    assert.equal(mountedType(root, info), 'overlay');
    assert.equal(mountedType('/', info), 'ext4');
    assert.equal(mountedType(root, path.join(root, 'no-such-file')), undefined);
  });

  test('statfs decides: /dev/shm is a tmpfs where there is one; an unreadable directory says why', () => {
    if (existsSync('/proc/self/mountinfo') && /\/dev\/shm \S+ .* - tmpfs /.test(readFileSync('/proc/self/mountinfo', 'utf8'))) {
      assert.deepEqual(fileSystemOf('/dev/shm'), { memory: true, name: 'tmpfs' });
    }
    assert.deepEqual(fileSystemOf(path.join(root, 'does-not-exist')), { memory: undefined, why: 'ENOENT' });
  });
});
