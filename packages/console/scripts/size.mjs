// After `vite build`: the console's JavaScript, gzipped, against its budget of 200 KB (what a page
// load costs on a slow link). Reported in the build output; over budget fails the build.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET = 200 * 1024;
const assets = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'dist', 'assets');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
let js = 0;
for (const name of readdirSync(assets).sort()) {
  const raw = readFileSync(path.join(assets, name));
  const gz = gzipSync(raw, { level: 9 }).length;
  if (name.endsWith('.js')) js += gz;
  console.log(`console ${name}: ${kb(raw.length)}, ${kb(gz)} gzipped`);
}
console.log(`console JavaScript: ${kb(js)} gzipped (budget ${kb(BUDGET)})`);
if (js > BUDGET) {
  console.error(`the console's JavaScript is over its budget: ${kb(js)} > ${kb(BUDGET)} gzipped`);
  process.exit(1);
}
