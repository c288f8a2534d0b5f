// `npm test` for the posts API: the tests run dist/ as the image does, so compile first. Extra args
// filter the test files by path substring.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const runner = path.join(root, '../../scripts/run-node-tests.mjs');
const build = ['npx', '--no-install', 'tsc', '-p', 'tsconfig.build.json'];
const result = spawnSync(process.execPath, [runner, root, '--', ...build, '--', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
