// Runs every *.test.ts under a package's src/ and test/ with node's own test runner (tsx strips the
// types), after that package's build: both workspaces' tests run what they ship (the kura bin, the
// app's dist/). Node 20's --test takes no globs, so the files are listed here.
//   node scripts/run-node-tests.mjs PACKAGE_DIR -- BUILD_COMMAND... [-- FILTER...]
// Filters keep the files whose path contains one of them.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const [packageDir, ...rest] = process.argv.slice(2);
if (!packageDir || rest[0] !== '--') {
  console.error('usage: run-node-tests.mjs PACKAGE_DIR -- BUILD_COMMAND... [-- FILTER...]');
  process.exit(2);
}
const split = rest.indexOf('--', 1);
const build = split < 0 ? rest.slice(1) : rest.slice(1, split);
const filters = split < 0 ? [] : rest.slice(split + 1);
const root = path.resolve(packageDir);

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (name.endsWith('.test.ts')) files.push(path.relative(root, full));
  }
};
for (const dir of ['src', 'test']) walk(path.join(root, dir));
const selected = files.filter((f) => filters.length === 0 || filters.some((x) => f.includes(x))).sort();
if (selected.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
if (build.length > 0) {
  const built = spawnSync(build[0], build.slice(1), { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...selected], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
