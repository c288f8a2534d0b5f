// The structural lint rules of eslint.config.js still fire. A rule that stops matching (a misspelt
// glob, a config object that silently replaces another's options, a folder missing from the table)
// lets everything pass, so nothing else would notice. This copies src/ and the config into a
// temporary directory, lints the untouched copy (it must pass), then plants probe files that each
// break one rule and checks that exactly that rule reports them; and files that break none are clean.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';

const repo = path.resolve(fileURLToPath(import.meta.url), '../../../../..');
const srcInRepo = path.join(repo, 'packages/kura/src');

interface Layer {
  may: string[];
  sockets?: boolean;
  /** The one sub-folder of a socket-free layer that may open sockets (inject/direct/). */
  socketsUnder?: string;
  why: string;
}

/** What a probe should get: one problem from one rule (with a message containing `says`), or none. */
type Expected = { rule: string; says: string; line?: number } | 'clean';

interface Probe {
  /** Relative to src/. */
  file: string;
  text: string;
  expected: Expected;
}

const importing = (specifier: string): string => `import * as imported from '${specifier}';\n\nexport const probe = imported;\n`;
const lines = (count: number, line: (n: number) => string): string => Array.from({ length: count }, (_, i) => `${line(i + 1)}\n`).join('');

/** Messages of the config's no-restricted-imports groups (asserted by substring). */
const BACKEND = 'a storage backend is chosen by the composition root';
const TEST_SUPPORT = 'production code never imports test support';
const restricted = (says: string): Expected => ({ rule: 'no-restricted-imports', says, line: 1 });
const cycle: Expected = { rule: 'kura/no-import-cycle', says: 'Import cycle' };
const tooLong: Expected = { rule: 'max-lines', says: 'Maximum allowed is 300', line: 301 };

/**
 * Statements of ARCHITECTURE.md's folder table, written out here rather than read from the config,
 * so that a change to the config's table that contradicts the architecture fails: [from, to, allowed].
 */
const ARCHITECTURE: [string, string, boolean][] = [
  // Nothing below cli/ imports manage/; manage/ imports only its own files.
  ...['wire', 'sigv4', 'policy', 'crypto', 'store', 'identity', 'services', 'gateway', 'server', 'inject', 'runner'].map((from): [string, string, boolean] => [from, 'manage', false]),
  ['cli', 'manage', true],
  ...['services', 'store', 'server', 'cli', 'inject', 'runner', 'identity', 'wire'].map((to): [string, string, boolean] => ['manage', to, false]),
  // identity/ sits below services/ and gateway/ and above the store ports and the pure layers.
  ...['store', 'policy', 'crypto', 'wire'].map((to): [string, string, boolean] => ['identity', to, true]),
  ...['services', 'gateway', 'server', 'cli', 'inject', 'manage', 'runner'].map((to): [string, string, boolean] => ['identity', to, false]),
  ...['services', 'gateway', 'server'].map((from): [string, string, boolean] => [from, 'identity', true]),
  ...['wire', 'sigv4', 'policy', 'crypto', 'store', 'cli', 'inject', 'runner'].map((from): [string, string, boolean] => [from, 'identity', false]),
  // The pure layers import nothing of ours.
  ['wire', 'services', false],
  ['sigv4', 'wire', false],
  ['policy', 'store', false],
  ['crypto', 'policy', false],
  ['store', 'services', false],
  ['store', 'crypto', false],
  // services/ never see HTTP or the gateway; the gateway never the server; the server never cli/.
  ['services', 'gateway', false],
  ['services', 'sigv4', false],
  ['services', 'store', true],
  ['gateway', 'server', false],
  ['gateway', 'services', true],
  ['server', 'cli', false],
  ['server', 'gateway', true],
  // cli/ reaches Kura over the wire; inject/ and runner/ through the AWS SDK.
  ['cli', 'gateway', false],
  ['cli', 'services', false],
  ['cli', 'server', true],
  ['inject', 'server', false],
  ['inject', 'cli', false],
  ['runner', 'services', false],
  // seed/ applies seeds through services/ operations the server hands it: never the gateway or HTTP.
  ['seed', 'services', true],
  ['seed', 'gateway', false],
  ['seed', 'server', false],
  ['server', 'seed', true],
  ['cli', 'seed', false],
];

let work: string;
let src: string;
let layers: Record<string, Layer>;
let untouched: string[];
const results = new Map<string, ESLint.LintResult>();

function describeProblems(result: ESLint.LintResult | undefined): string[] {
  return (result?.messages ?? []).map((m) => `${m.line}: ${m.ruleId ?? 'fatal'}: ${m.message}`);
}

function assertProbe(probe: Probe): void {
  const result = results.get(probe.file);
  assert.ok(result, `${probe.file} was not linted`);
  const problems = describeProblems(result);
  if (probe.expected === 'clean') {
    assert.deepEqual(problems, [], `${probe.file} should pass`);
    return;
  }
  const { rule, says, line } = probe.expected;
  assert.equal(result.messages.length, 1, `${probe.file} should get exactly one problem, from ${rule}; got:\n${problems.join('\n')}`);
  const [message] = result.messages;
  assert.equal(message?.ruleId, rule, problems.join('\n'));
  assert.ok(message?.message.includes(says), `${probe.file}: expected a message containing "${says}", got: ${message?.message}`);
  if (line !== undefined) assert.equal(message?.line, line, problems.join('\n'));
}

/** Files that other probes import: one per folder, a backend's, test support's. Never linted. */
const TARGETS = ['store/sqlite', 'store/postgres', 'services/testing', 'services/ssm/testing'].map((folder) => `${folder}/probe-target.ts`);

function folderProbes(): Probe[] {
  const folders = Object.keys(layers);
  const probes: Probe[] = [];
  for (const from of folders) {
    const { may, sockets = true, why } = layers[from] as Layer;
    for (const to of folders.filter((f) => f !== from)) {
      // Every pair of the config's table, top level and two folders down (the glob must see through ../../).
      const expected = may.includes(to) ? 'clean' : restricted(why);
      probes.push({ file: `${from}/probe-imports-${to}.ts`, text: importing(`../${to}/probe-target.js`), expected });
      probes.push({ file: `${from}/deeper/probe-imports-${to}.ts`, text: importing(`../../${to}/probe-target.js`), expected });
    }
    probes.push({ file: `${from}/probe-imports-node-http.ts`, text: importing('node:http'), expected: sockets ? 'clean' : restricted(why) });
    // A test keeps its folder's rules: it cannot import what the folder cannot (e.g. services/ tests the gateway).
    const forbidden = folders.find((f) => f !== from && !may.includes(f));
    if (forbidden) probes.push({ file: `${from}/probe-layer.test.ts`, text: importing(`../${forbidden}/probe-target.js`), expected: restricted(why) });
    const { socketsUnder } = layers[from] as Layer;
    if (socketsUnder) {
      // The sub-folder gets sockets, production and tests alike, and keeps every other restriction.
      const under = `${from}/${socketsUnder}`;
      probes.push({ file: `${under}/probe-imports-node-http.ts`, text: importing('node:http'), expected: 'clean' });
      probes.push({ file: `${under}/probe-sockets.test.ts`, text: importing('node:https'), expected: 'clean' });
      probes.push({ file: `${under}/deeper/probe-imports-node-net.ts`, text: importing('node:net'), expected: 'clean' });
      if (forbidden) probes.push({ file: `${under}/probe-imports-${forbidden}.ts`, text: importing(`../../${forbidden}/probe-target.js`), expected: restricted(why) });
      probes.push({ file: `${under}/probe-testing.ts`, text: importing('./testing/probe-target.js'), expected: restricted(TEST_SUPPORT) });
      probes.push({ file: `${from}/elsewhere/probe-imports-node-http.ts`, text: importing('node:http'), expected: sockets ? 'clean' : restricted(why) });
    }
  }
  return probes;
}

const backendProbes = (): Probe[] => [
  { file: 'services/probe-backend.ts', text: importing('../store/sqlite/probe-target.js'), expected: restricted(BACKEND) },
  { file: 'services/ssm/probe-backend.ts', text: importing('../../store/sqlite/probe-target.js'), expected: restricted(BACKEND) },
  { file: 'gateway/probe-backend.ts', text: importing('../store/sqlite/probe-target.js'), expected: restricted(BACKEND) },
  { file: 'gateway/probe-backend-postgres.ts', text: importing('../store/postgres/probe-target.js'), expected: restricted(BACKEND) },
  { file: 'identity/probe-backend.ts', text: importing('../store/sqlite/probe-target.js'), expected: restricted(BACKEND) },
  // The composition root and the store itself wire backends; tests and kits wire an in-memory SQLite.
  { file: 'server/probe-backend.ts', text: importing('../store/sqlite/probe-target.js'), expected: 'clean' },
  { file: 'store/probe-backend.ts', text: importing('./sqlite/probe-target.js'), expected: 'clean' },
  { file: 'store/sqlite/probe-backend.ts', text: importing('../postgres/probe-target.js'), expected: 'clean' },
  { file: 'services/ssm/probe-backend.test.ts', text: importing('../../store/sqlite/probe-target.js'), expected: 'clean' },
  { file: 'gateway/testing/probe-backend.ts', text: importing('../../store/sqlite/probe-target.js'), expected: 'clean' },
];

const testSupportProbes = (): Probe[] => [
  { file: 'services/ssm/probe-testing-beside.ts', text: importing('./testing/probe-target.js'), expected: restricted(TEST_SUPPORT) },
  { file: 'services/ssm/probe-testing-above.ts', text: importing('../testing/probe-target.js'), expected: restricted(TEST_SUPPORT) },
  { file: 'gateway/probe-testing-other-layer.ts', text: importing('../services/testing/probe-target.js'), expected: restricted(TEST_SUPPORT) },
  { file: 'services/ssm/probe-test-file.ts', text: importing('./probe-target.test.js'), expected: restricted(TEST_SUPPORT) },
  { file: 'services/ssm/probe-kit.test.ts', text: importing('./testing/probe-target.js'), expected: 'clean' },
  { file: 'services/ssm/testing/probe-kit.ts', text: importing('../../testing/probe-target.js'), expected: 'clean' },
];

const cycleProbes = (): Probe[] => [
  { file: 'services/probe-cycle-a.ts', text: importing('./probe-cycle-b.js'), expected: cycle },
  { file: 'services/probe-cycle-b.ts', text: importing('./probe-cycle-a.js'), expected: cycle },
  // Types only: erased at run time, still one module split in two.
  { file: 'services/probe-type-cycle-a.ts', text: "import type { B } from './probe-type-cycle-b.js';\n\nexport interface A {\n  b?: B;\n}\n", expected: cycle },
  { file: 'services/probe-type-cycle-b.ts', text: "import type { A } from './probe-type-cycle-a.js';\n\nexport interface B {\n  a?: A;\n}\n", expected: cycle },
  // Three files, closed by a lazy import() across folders.
  { file: 'services/probe-ring-a.ts', text: importing('./ssm/probe-ring-b.js'), expected: cycle },
  { file: 'services/ssm/probe-ring-b.ts', text: importing('../kms/probe-ring-c.js'), expected: cycle },
  { file: 'services/kms/probe-ring-c.ts', text: "export const load = () => import('../probe-ring-a.js');\n", expected: cycle },
  // A diamond shares a module without a cycle.
  { file: 'services/probe-diamond-top.ts', text: "import * as left from './probe-diamond-left.js';\nimport * as right from './probe-diamond-right.js';\n\nexport const probe = [left, right];\n", expected: 'clean' },
  { file: 'services/probe-diamond-left.ts', text: importing('./probe-diamond-bottom.js'), expected: 'clean' },
  { file: 'services/probe-diamond-right.ts', text: importing('./probe-diamond-bottom.js'), expected: 'clean' },
  { file: 'services/probe-diamond-bottom.ts', text: 'export const bottom = 1;\n', expected: 'clean' },
];

const lengthProbes = (): Probe[] => [
  { file: 'services/probe-300-lines.ts', text: lines(300, (n) => `export const line${n} = ${n};`), expected: 'clean' },
  { file: 'services/probe-301-lines.ts', text: lines(301, (n) => `export const line${n} = ${n};`), expected: tooLong },
  // Comments and blank lines count: the limit is what a reader scrolls through.
  { file: 'services/probe-301-commented.ts', text: `${lines(150, (n) => `// why ${n}`)}${lines(150, () => '')}export const code = 1;\n`, expected: tooLong },
  { file: 'services/probe-301-lines.test.ts', text: lines(301, (n) => `export const line${n} = ${n};`), expected: tooLong },
  { file: 'services/testing/probe-301-lines.ts', text: lines(301, (n) => `export const line${n} = ${n};`), expected: tooLong },
];

function plant(file: string, text: string): void {
  const full = path.join(src, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
}

let probes: Probe[] = [];

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'kura-lint-rules-'));
  src = path.join(work, 'packages/kura/src');
  cpSync(srcInRepo, src, { recursive: true });
  // package.json too: its "type": "module" makes the config an ES module, as in the repo.
  for (const file of ['eslint.config.js', 'package.json']) cpSync(path.join(repo, file), path.join(work, file));
  cpSync(path.join(repo, 'eslint-rules'), path.join(work, 'eslint-rules'), { recursive: true });
  symlinkSync(path.join(repo, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  const config = (await import(pathToFileURL(path.join(work, 'eslint.config.js')).href)) as { layers: Record<string, Layer> };
  layers = config.layers;
  const eslint = new ESLint({ cwd: work, overrideConfigFile: path.join(work, 'eslint.config.js') });

  // The untouched copy first, then the probes (the copy is no longer untouched after).
  untouched = (await eslint.lintFiles(['packages/kura/src'])).flatMap((result) => describeProblems(result).map((problem) => `${path.relative(src, result.filePath)}:${problem}`));

  for (const folder of Object.keys(layers)) plant(`${folder}/probe-target.ts`, `export const target = '${folder}';\n`);
  for (const target of TARGETS) plant(target, 'export const target = 1;\n');
  plant('services/ssm/probe-target.test.ts', 'export const target = 1;\n');
  probes = [...folderProbes(), ...backendProbes(), ...testSupportProbes(), ...cycleProbes(), ...lengthProbes()];
  const files = new Set(probes.map((p) => p.file));
  assert.equal(files.size, probes.length, 'two probes share a file name');
  for (const probe of probes) plant(probe.file, probe.text);
  for (const result of await eslint.lintFiles(probes.map((p) => path.join(src, p.file)))) results.set(path.relative(src, result.filePath), result);
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('eslint.config.js structural rules', () => {
  it('pass on the untouched copy of src/', () => {
    assert.deepEqual(untouched, []);
  });

  it('name every folder of src/ in the layer table', () => {
    const folders = readdirSync(srcInRepo, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    assert.deepEqual(
      folders.filter((folder) => !(folder in layers)),
      [],
      'a folder missing from `layers` in eslint.config.js is neither restricted nor forbidden to anyone',
    );
  });

  it('keep the directions ARCHITECTURE.md states', () => {
    const wrong = ARCHITECTURE.filter(([from, to, allowed]) => (layers[from]?.may.includes(to) ?? false) !== allowed || !(from in layers) || !(to in layers));
    assert.deepEqual(wrong, []);
  });

  it('forbid every folder pair the table does not allow, at any depth, and sockets where they are banned', () => {
    for (const probe of folderProbes()) assertProbe(probe);
  });

  it('keep storage backends to store/, server/, tests and testing/ folders', () => {
    for (const probe of backendProbes()) assertProbe(probe);
  });

  it('keep testing/ folders and *.test files out of production code', () => {
    for (const probe of testSupportProbes()) assertProbe(probe);
  });

  it('report import cycles, type-only and lazy ones included', () => {
    for (const probe of cycleProbes()) assertProbe(probe);
  });

  it('limit files to 300 lines, comments and blank lines included, tests and testing/ too', () => {
    for (const probe of lengthProbes()) assertProbe(probe);
  });
});
