// One linter for the repo. Besides the recommended rules it enforces the structure ARCHITECTURE.md
// describes for packages/kura/src: the direction of dependencies between folders (the pure layers
// import nothing of ours, services never touch HTTP, socket modules stay in server/ and runner/ (the
// pure layers may use node:net's address parsers), cli/ reaches servers only through the AWS SDK),
// storage backends wired only by store/ and server/, production code never importing test support,
// no import cycles, and files of at most 300 lines. packages/kura/test/structure/lint-rules.test.ts
// plants a file breaking each rule and checks that the rule still fires, so a rule that stops
// matching fails a test instead of letting everything pass.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
// Core ESLint has no cycle detection; why a local rule rather than a plugin's is said in the file.
import noImportCycle from './eslint-rules/no-import-cycle.js';

const kura = 'packages/kura/src';

/** Test code: tests beside the code, and the testing/ folder of each layer (its fixtures and kits). */
const testCode = ['**/*.test.ts', '**/testing/**'];

/**
 * ARCHITECTURE.md's folder table: what each folder of packages/kura/src may import besides its own
 * files. Every other folder of this table is forbidden to it, so a folder added here is at once
 * forbidden to every folder that does not list it (lint-rules.test.ts fails for a folder of src/
 * missing from this table).
 */
export const layers = {
  wire: { may: [], why: 'wire/ imports nothing of ours' },
  sigv4: { may: [], why: 'sigv4/ imports nothing of ours' },
  policy: { may: [], why: 'policy/ imports nothing of ours' },
  crypto: { may: [], why: 'crypto/ imports nothing of ours' },
  store: { may: [], sockets: false, why: 'store/ knows only its own ports and backends' },
  identity: {
    may: ['store', 'policy', 'crypto', 'wire'],
    sockets: false,
    why: 'identity/ (principals, credentials, their policies) sits below services/ and gateway/: it imports store ports, policy, crypto and wire only',
  },
  services: {
    may: ['identity', 'store', 'policy', 'crypto', 'wire'],
    sockets: false,
    why: 'services/ never see HTTP: they import identity, store, policy, crypto and wire errors only',
  },
  // seed/ is `kura serve --seed`: the format, its checks, and applying it through the services'
  // own operations (run by server/, which hands it the operator); it never sees HTTP or the gateway.
  seed: {
    may: ['services', 'identity', 'store', 'policy', 'crypto', 'wire'],
    sockets: false,
    why: 'seed/ reads seed files and applies them through services/ operations the server hands it; never HTTP, never the gateway',
  },
  gateway: {
    may: ['services', 'identity', 'store', 'sigv4', 'policy', 'crypto', 'wire'],
    sockets: false,
    why: 'gateway/ composes services; sockets belong to server/',
  },
  server: {
    may: ['gateway', 'seed', 'services', 'identity', 'store', 'sigv4', 'policy', 'crypto', 'wire', 'rotation'],
    why: 'server/ is started by cli/, not the other way round',
  },
  cli: {
    may: ['server', 'inject', 'manage', 'runner', 'rotation', 'apply'],
    sockets: false,
    why: 'cli/ talks to Kura over the wire through the AWS SDK (server/ only for `kura serve`)',
  },
  // inject/direct/ is kura exec's SDK-less reader (start-up speed): its one socket-holding sub-folder,
  // signing with sigv4/ (pure) as the server verifies. The rest of inject/ stays socket-free.
  inject: {
    may: ['sigv4'],
    sockets: false,
    socketsUnder: 'direct',
    why: 'inject/ reaches stores through the AWS SDK, or through its direct reader (inject/direct/, the only sub-folder with sockets), signed with sigv4/',
  },
  manage: { may: [], sockets: false, why: 'manage/ reaches Parameter Store, KMS and STS only through the AWS SDK' },
  // runner/ is the one other place that opens a socket: the loopback credentials endpoint ECS's agent would serve.
  runner: { may: [], why: 'runner/ reaches Kura only over the wire (AWS SDK, signed requests); node:http only for the loopback agent endpoint' },
  // apply/ is `kura apply`: a CloudFormation template applied to a server through the AWS SDK (yaml reads YAML templates).
  apply: { may: [], sockets: false, why: 'apply/ reaches Kura only through the AWS SDK, like any client' },
  // rotation/ runs rotation functions as processes (node:child_process) and ships the built-in MySQL ones (mysql2).
  rotation: { may: [], sockets: false, why: 'rotation/ reaches Kura only through the AWS SDK and databases through mysql2' },
};

/** Banned where a layer says `sockets: false`; the pure layers keep node:net for its address parsers (policy/). */
const sockets = ['node:http', 'node:https', 'node:http2', 'node:net', 'node:tls', 'http', 'https', 'http2', 'net', 'tls'];

/** Storage backends: wired by store/ itself and by the composition root (server/), nowhere else. */
const backends = { group: ['**/store/sqlite/**', '**/store/postgres/**'], message: 'a storage backend is chosen by the composition root (server/): import the store/ ports instead' };
const backendOwners = ['store', 'server'];

/** Test support, out of production: a testing/ folder, or a test file. */
const testSupport = {
  group: ['**/testing/**', '**/testing', '**/*.test', '**/*.test.js', '**/*.test.ts'],
  message: 'production code never imports test support (a testing/ folder or a *.test file)',
};

/**
 * One no-restricted-imports entry per folder and kind of code. ESLint replaces (does not merge) a
 * rule's options when two config objects match a file, so each file gets exactly one object with
 * all its restrictions: production code gets the folder's own, the backend rule and the test-support
 * rule; tests and testing/ folders get the folder's own only (they wire an in-memory SQLite store
 * and import kits).
 */
const restrictions = Object.entries(layers).flatMap(([folder, { may, sockets: socketsAllowed = true, socketsUnder, why }]) => {
  const forbidden = Object.keys(layers)
    .filter((other) => other !== folder && !may.includes(other))
    .map((other) => `**/${other}/**`);
  const own = { group: [...forbidden, ...(socketsAllowed ? [] : sockets)], message: why };
  const restricted = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });
  // A layer without sockets may name one sub-folder that has them: the same objects again for that
  // sub-folder, less the socket modules, placed after the layer's own so that they win there.
  const withSockets = { group: forbidden, message: why };
  const socketFolder = socketsUnder
    ? [
        {
          name: `kura/${folder}/${socketsUnder} (production)`,
          files: [`${kura}/${folder}/${socketsUnder}/**/*.ts`],
          ignores: testCode,
          rules: restricted([withSockets, ...(backendOwners.includes(folder) ? [] : [backends]), testSupport]),
        },
        {
          name: `kura/${folder}/${socketsUnder} (tests)`,
          files: [`${kura}/${folder}/${socketsUnder}/**/*.test.ts`, `${kura}/${folder}/${socketsUnder}/**/testing/**/*.ts`],
          rules: restricted([withSockets]),
        },
      ]
    : [];
  return [
    {
      name: `kura/${folder} (production)`,
      files: [`${kura}/${folder}/**/*.ts`],
      ignores: testCode, // (the tests' object below would win anyway, being later; this keeps order irrelevant)
      rules: restricted([own, ...(backendOwners.includes(folder) ? [] : [backends]), testSupport]),
    },
    {
      name: `kura/${folder} (tests)`,
      files: [`${kura}/${folder}/**/*.test.ts`, `${kura}/${folder}/**/testing/**/*.ts`],
      rules: restricted([own]),
    },
    ...socketFolder,
  ];
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'bench/.work/**', 'infra/cdk.out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly' } },
  },
  {
    // bin/ is CommonJS (bin/package.json): `kura exec` requires its bundle without the ES module loader.
    files: ['packages/kura/bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...restrictions,
  {
    // A cycle makes module start-up order decide what is still undefined, and two modules that
    // import each other (types included) are one module in disguise.
    name: 'kura/no-import-cycle',
    files: [`${kura}/**/*.ts`],
    plugins: { kura: { rules: { 'no-import-cycle': noImportCycle } } },
    rules: { 'kura/no-import-cycle': 'error' },
  },
  {
    // The house rule is files under ~300 lines. Every line counts, comments and blank lines included:
    // it is what a reader scrolls through and what `wc -l` shows, so the limit is checkable by eye.
    // Tests and testing/ helpers too: they are read as often as the code, and split by topic as well.
    name: 'kura/max-lines',
    files: [`${kura}/**/*.ts`],
    rules: { 'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }] },
  },
  {
    // The console (a browser app): the same house rules, for .ts and .tsx alike.
    name: 'console/house-rules',
    files: ['packages/console/**/*.ts', 'packages/console/**/*.tsx'],
    plugins: { kura: { rules: { 'no-import-cycle': noImportCycle } } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'kura/no-import-cycle': 'error',
      'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }],
    },
  },
  {
    // infra/ (the CDK app): the same size limit and no import cycles.
    name: 'infra/house-rules',
    files: ['infra/**/*.ts'],
    plugins: { kura: { rules: { 'no-import-cycle': noImportCycle } } },
    rules: {
      'kura/no-import-cycle': 'error',
      'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }],
    },
  },
);
