// Bundles the `kura` bin into ESM chunks so that start-up loads only what a command needs.
// better-sqlite3 stays external: it is a native addon resolved from node_modules at run time.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
await build({
  entryPoints: { kura: path.join(root, 'src/cli/main.ts') },
  outdir: path.join(root, 'dist'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'pg'],
  sourcemap: 'linked',
  logLevel: 'warning',
  // esbuild's ESM output for node needs a require() for the CommonJS dependencies it bundles.
  banner: { js: "import { createRequire as __kuraCreateRequire } from 'node:module'; const require = __kuraCreateRequire(import.meta.url);" },
});
