// Runs every *.test.ts under a package's src/ and test/ with node's own test runner (tsx strips the
// types), after that package's build: both workspaces' tests run what they ship (the kura bin, the
// app's dist/). The files are listed here, not left to --test's globs: the filters, --under and --alone
// below choose among them.
//   node scripts/run-node-tests.mjs PACKAGE_DIR [--under DIR]... [--alone DIR]... -- BUILD_COMMAND... [-- FILTER...]
// Filters keep the files whose path contains one of them. --under keeps only the files below one of
// the DIRs (relative to the package): for a further pass over part of the suite, as kura's e2e tests
// run again on PostgreSQL; such a pass with no file left to run is no failure (the filters chose
// other files). An empty BUILD_COMMAND (`-- --`) builds nothing. The files below an --alone DIR run
// after all the others, one at a time: tests that load the whole machine (several servers, a
// database restarted, timing bounds) must neither disturb the rest of the suite nor be disturbed.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const [packageDir, ...options] = process.argv.slice(2);
const under = [];
const alone = [];
while ((options[0] === '--under' || options[0] === '--alone') && options[1]) {
  const [flag, dir] = options.splice(0, 2);
  (flag === '--under' ? under : alone).push(path.join(dir, path.sep));
}
const rest = options;
if (!packageDir || rest[0] !== '--') {
  console.error('usage: run-node-tests.mjs PACKAGE_DIR [--under DIR]... [--alone DIR]... -- BUILD_COMMAND... [-- FILTER...]');
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
const selected = files
  .filter((f) => under.length === 0 || under.some((dir) => f.startsWith(dir)))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (selected.length === 0 && under.length > 0) {
  console.error(`no test files under ${under.join(', ')} matched: nothing to run in this pass`);
  process.exit(0);
}
if (selected.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
if (build.length > 0) {
  const built = spawnSync(build[0], build.slice(1), { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const runsAlone = (f) => alone.some((dir) => f.startsWith(dir));
const together = selected.filter((f) => !runsAlone(f));
const byThemselves = selected.filter(runsAlone);
const test = (concurrency, list) =>
  list.length === 0 ? 0 : (spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...list], { cwd: root, stdio: 'inherit' }).status ?? 1);
const first = test(2, together);
if (byThemselves.length > 0) console.log(`\n== ${byThemselves.length} test file(s) that run alone, one at a time: ${byThemselves.join(', ')}\n`);
const second = test(1, byThemselves);
process.exit(first !== 0 ? first : second);
