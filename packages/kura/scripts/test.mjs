// `npm test` for the kura package: the e2e suite runs the built bin, as users do, so build first
// (esbuild takes well under a second). Extra args filter the test files by path substring.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const runner = path.join(root, '../../scripts/run-node-tests.mjs');
const build = [process.execPath, path.join(root, 'scripts/build.mjs')];
const result = spawnSync(process.execPath, [runner, root, '--', ...build, '--', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
