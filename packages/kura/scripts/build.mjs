// Bundles the `kura` bin into ESM chunks so that start-up loads only what a command needs.
// better-sqlite3 stays external: it is a native addon resolved from node_modules at run time.
//
// `kura exec` runs at every container start, so it is built apart: dist/exec.cjs, the command in one
// minified CommonJS file, which bin/kura.js (CommonJS too) requires directly for `kura exec`: no ES
// module loader at start (about 3.5 ms on Node 20), and every module reached only through import()
// (the direct reader, the SDK loader, the spawn fallback) is required only when it runs, node:http
// and node:crypto included. Its AWS SDK half is one minified CommonJS file (the SDK's tree-shakable
// ES modules, no dynamic imports), loaded through a V8 code cache (<bundle>.cache) that is written
// here, after a warm-up run in a fresh node. The SDK half comes in two bundles: dist/ssm-sdk.cjs
// (Parameter Store only: every start that reads no secret) and dist/secrets-sdk.cjs (Parameter Store
// and Secrets Manager: loaded instead when a secret is read), so that reading parameters never pays
// for the Secrets Manager client. Most starts load neither: the direct reader (src/inject/direct/)
// reads without the SDK where the environment allows. See src/inject/code-cache.ts,
// src/inject/load-sdk.ts, src/inject/reading.ts and bench/exec/.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, 'dist');

// The web console (packages/console, built by Vite) is served by `kura serve` from dist/console
// (src/server/console-files.ts). Checked first, so that a build without it changes nothing in dist/.
const consoleBuild = path.join(root, '..', 'console', 'dist');
if (!existsSync(path.join(consoleBuild, 'index.html'))) {
  console.error(
    `build: the web console is not built (${path.join(consoleBuild, 'index.html')} is missing). Build it first: ` +
      '`npm run build -w packages/console` (the root `npm run build` builds it before packages/kura).',
  );
  process.exit(1);
}

// --clean (npm pack's prepack): start from an empty dist/, so that the package carries no chunk of an
// earlier build. Not the default: a process started from the previous build may still load its chunks.
if (process.argv.includes('--clean')) rmSync(dist, { recursive: true, force: true });
/** Source maps for a build run here; none in the package, which ships no .map file to point at. */
const sourcemap = process.argv.includes('--clean') ? false : 'linked';

/** src/server/version.ts: `kura --version` and /_kura/health report package.json's version, written in here. */
const versionDefine = { KURA_BUILD_VERSION: JSON.stringify(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version) };

/** src/server/console-files.ts: built, the console's files are dist/console, beside the bundle's chunks. */
const consoleDefine = { KURA_CONSOLE_DIR: JSON.stringify('./console/') };

/** src/inject/load-sdk.ts: built, `kura exec` loads the SDK from dist/ssm-sdk.cjs or dist/secrets-sdk.cjs, never from chunks. */
const sdkApart = {
  define: { KURA_SDK_BUNDLE: JSON.stringify('./ssm-sdk.cjs'), KURA_SECRETS_SDK_BUNDLE: JSON.stringify('./secrets-sdk.cjs') },
  plugin: {
    name: 'sdk-apart',
    setup(b) {
      b.onResolve({ filter: /^\.\/(ssm|secrets)-sdk\.js$/ }, (args) => (args.importer.endsWith('load-sdk.ts') ? { path: args.path.replace(/\.js$/, '.cjs'), external: true } : undefined));
    },
  },
};

await build({
  entryPoints: { kura: path.join(root, 'src/cli/main.ts') },
  outdir: dist,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['better-sqlite3', 'pg'],
  sourcemap,
  logLevel: 'warning',
  define: { ...versionDefine, ...consoleDefine },
  plugins: [
    {
      // main.ts's import('./exec.js') finds dist/exec.cjs, built below (Node names its exports for import()).
      name: 'exec-apart',
      setup(b) {
        b.onResolve({ filter: /^\.\/exec\.js$/ }, (args) => (args.importer.endsWith(path.join('cli', 'main.ts')) ? { path: './exec.cjs', external: true } : undefined));
      },
    },
  ],
  // esbuild's ESM output for node needs a require() for the CommonJS dependencies it bundles.
  banner: { js: "import { createRequire as __kuraCreateRequire } from 'node:module'; const require = __kuraCreateRequire(import.meta.url);" },
});

// Earlier builds wrote the command as dist/exec.js (an ES module); nothing loads it any more.
for (const stale of ['exec.js', 'exec.js.map']) rmSync(path.join(dist, stale), { force: true });

// The console as Vite built it, replacing the previous copy whole (no stale hashed asset stays);
// hidden entries (Vite's .vite/ manifest, if enabled) are no part of what the browser loads.
rmSync(path.join(dist, 'console'), { recursive: true, force: true });
cpSync(consoleBuild, path.join(dist, 'console'), { recursive: true, filter: (source) => source === consoleBuild || !path.basename(source).startsWith('.') });

// One file rather than a few shared chunks, minified: about 2.5 ms less per container start.
// CommonJS: import.meta.url (load-sdk.ts finds the SDK bundles beside this one) is this file's URL.
await build({
  entryPoints: { exec: path.join(root, 'src/cli/exec.ts') },
  outdir: dist,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap,
  logLevel: 'warning',
  define: { ...sdkApart.define, ...versionDefine, 'import.meta.url': '__kuraExecUrl' },
  // import('node:https') becomes a lazy require(): an import() would start the ES module loader.
  supported: { 'dynamic-import': false },
  banner: { js: "const __kuraExecUrl = require('node:url').pathToFileURL(__filename).href;" },
  plugins: [sdkApart.plugin],
});

const sdkBundles = [
  { entry: 'src/inject/ssm-sdk.ts', bundle: path.join(dist, 'ssm-sdk.cjs') },
  { entry: 'src/inject/secrets-sdk.ts', bundle: path.join(dist, 'secrets-sdk.cjs') },
];
for (const { entry, bundle } of sdkBundles) {
  await build({
    entryPoints: [path.join(root, entry)],
    outfile: bundle,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // The SDK's ES modules tree-shake (its CommonJS builds are one file per package, all of it kept).
    mainFields: ['module', 'main'],
    minify: true,
    // import() of node:http etc. becomes require(): vm.Script, which the code cache needs, has no import().
    supported: { 'dynamic-import': false },
    sourcemap,
    logLevel: 'warning',
    // src/inject/user-agent.ts: the SDK's clients name kura's version in their User-Agent.
    define: versionDefine,
  });
}

// The warm-up: src/inject/write-code-cache.ts, bundled on the fly, in a node with dummy credentials
// and no AWS configuration (it sends nothing: the SDK's HTTP layer is stubbed), once per bundle.
const writer = await build({
  stdin: {
    contents: `import { warmAndWriteCodeCache } from './src/inject/write-code-cache.ts';\nawait warmAndWriteCodeCache(process.argv.at(-1));\n`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['@smithy/*', '@aws-sdk/*'],
  write: false,
  logLevel: 'warning',
});
for (const { bundle } of sdkBundles) {
  rmSync(`${bundle}.cache`, { force: true });
  const home = mkdtempSync(path.join(tmpdir(), 'kura-build-'));
  const warm = spawnSync(process.execPath, ['--input-type=module', '-', bundle], {
    input: writer.outputFiles[0].text,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: home,
      AWS_ACCESS_KEY_ID: 'AKIAKURABUILDWARMUP0',
      AWS_SECRET_ACCESS_KEY: 'kura-build-warm-up-not-a-secret',
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_CONFIG_FILE: path.join(home, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(home, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  rmSync(home, { recursive: true, force: true });
  if (warm.status !== 0) {
    // Not fatal: without a cache `kura exec` compiles the bundle at start-up (about 30 ms slower).
    console.warn(`build: no code cache for ${path.relative(root, bundle)} (warm-up failed):\n${warm.stderr}`);
  }
}
