// `npm test` for the console: the unit tests (node's runner), then the browser tests in Debian's
// Chromium against a real `kura serve`, one file at a time (test/browser, run alone: each starts a
// server and a browser). Both run what ships: the console is built and copied into the kura package
// first, and the browser tests start that package's bin.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const runner = path.join(root, '../../scripts/run-node-tests.mjs');
const buildBoth = path.join(root, 'scripts/build-with-kura.mjs');
const filters = process.argv.slice(2);
const status = spawnSync(process.execPath, [runner, root, '--alone', 'test/browser', '--', process.execPath, buildBoth, '--', ...filters], { stdio: 'inherit' }).status;
process.exit(status ?? 1);
