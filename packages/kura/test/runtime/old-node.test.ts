// bin/kura.js refuses a Node.js older than 22.15 before it loads anything: one line naming the
// version found (and the binary) and the version needed, exit 2, and for `kura exec` the program
// never runs. An older node is simulated by a preload that rewrites process.versions.node, the only
// thing the check reads; where the machine has a real older node (this machine kind's /usr/bin/node
// is Node 20), the refusal is checked on it too.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const kuraBin = path.join(packageRoot, 'bin/kura.js');
const dir = mkdtempSync(path.join(tmpdir(), 'kura-old-node-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const refusal = (version: string, node: string) => `kura: Node.js ${version} (${node}) is too old: Kura needs Node.js 22.15 or later (24 recommended)\n`;

/** `node [--require fake] bin/kura.js ARGS`, as if the node were `version`. */
function kuraAs(version: string | undefined, args: string[], node = process.execPath) {
  const preload = path.join(dir, `as-${version ?? 'real'}.cjs`);
  if (version) writeFileSync(preload, `Object.defineProperty(process.versions, 'node', { value: ${JSON.stringify(version)} });\n`);
  const result = spawnSync(node, [...(version ? ['--require', preload] : []), kuraBin, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('bin/kura.js on an older Node.js', () => {
  test('before 22.15: one line naming the version found and the one needed, exit 2, nothing on stdout', () => {
    for (const version of ['14.21.3', '18.20.8', '20.20.2', '21.7.3', '22.0.0', '22.14.0']) {
      for (const args of [['--version'], ['serve', '--port', '0'], ['exec', '--', 'true']]) {
        assert.deepEqual(kuraAs(version, args), { code: 2, stdout: '', stderr: refusal(version, process.execPath) }, `${version} ${args.join(' ')}`);
      }
    }
  });

  test('kura exec refused: the program never runs', () => {
    const marker = path.join(dir, 'ran');
    assert.equal(kuraAs('20.20.2', ['exec', '--', 'touch', marker]).code, 2);
    assert.ok(!existsSync(marker));
  });

  test('22.15 and later start', () => {
    for (const version of ['22.15.0', '22.21.1', '23.0.0', '24.0.0', '25.2.1']) {
      const result = kuraAs(version, ['--version']);
      assert.equal(result.code, 0, `${version}: ${result.stderr}`);
      assert.match(result.stdout, /^\d+\.\d+\.\d+/);
      assert.equal(result.stderr, '');
    }
  });

  test("the README's section on Node.js quotes the line as it is", () => {
    assert.ok(readFileSync(path.join(packageRoot, '../../README.md'), 'utf8').includes(refusal('20.20.2', '/usr/bin/node')));
  });

  const older = ['/usr/bin/node', '/usr/local/bin/node'].find((node) => {
    if (!existsSync(node)) return false;
    const [major = 0, minor = 0] = execFileSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim().split('.').map(Number);
    return major < 22 || (major === 22 && minor < 15);
  });
  test('a real older node on this machine is refused', { skip: older ? false : 'no node older than 22.15 at /usr/bin or /usr/local/bin' }, () => {
    const node = older ?? '';
    const [version = '', execPath = ''] = execFileSync(node, ['-p', 'process.versions.node + "\\n" + process.execPath'], { encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(kuraAs(undefined, ['exec', '--', 'true'], node), { code: 2, stdout: '', stderr: refusal(version, execPath) });
  });
});
