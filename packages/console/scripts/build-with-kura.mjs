// The console's tests run what ships: build the console (vite, then its size check), then the kura
// package, whose build copies the console into dist/console, where `kura serve` finds it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
for (const dir of [root, path.join(root, '../kura')]) {
  const status = spawnSync(npm, ['run', 'build'], { cwd: dir, stdio: 'inherit' }).status;
  if (status !== 0) process.exit(status ?? 1);
}
