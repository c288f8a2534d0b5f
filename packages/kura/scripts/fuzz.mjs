// The long fuzz run against the built `kura serve`: builds the bin, then runs test/e2e/fuzz/main.ts
// (TypeScript, through tsx) with the arguments given (`npm run fuzz -- …` at the root), e.g.
//   node packages/kura/scripts/fuzz.mjs --requests 30000 --seed 1 --concurrency 8
//   node packages/kura/scripts/fuzz.mjs --seed 1 --only 4711        (reproduce one failure)
// CI runs a short fixed-seed budget of the same generator in test/e2e/fuzz.test.ts.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const built = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
const run = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'test/e2e/fuzz/main.ts'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
