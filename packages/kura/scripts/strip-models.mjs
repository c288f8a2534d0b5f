// Rewrites models/*.json from the AWS service models botocore ships, keeping only what the wire
// codecs and input validation read (documentation and examples are dropped), and records where
// they came from in models/PROVENANCE.md.
//
//   node scripts/strip-models.mjs           regenerate models/ from the installed botocore
//   node scripts/strip-models.mjs --check   exit 1 if models/ differs from what botocore gives
//
// botocore is found through python3 (or python). Without it, or with a botocore version other
// than the one PROVENANCE.md records, --check prints one line and exits 0: CI machines without
// Python must not fail, and a different botocore would legitimately produce different models.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const modelsDir = path.join(root, 'models');
const provenancePath = path.join(modelsDir, 'PROVENANCE.md');

/** The services Kura speaks, with the API version directory botocore keeps them under. */
const SERVICES = [
  { name: 'ssm', apiVersion: '2014-11-06' },
  { name: 'kms', apiVersion: '2014-11-01' },
  { name: 'iam', apiVersion: '2010-05-08' },
  { name: 'sts', apiVersion: '2011-06-15' },
  { name: 'secretsmanager', apiVersion: '2017-10-17' },
  { name: 'cloudtrail', apiVersion: '2013-11-01' },
];

/** Traits that only feed documentation or client-side warnings; nothing on the wire reads them. */
const DROPPED = new Set(['documentation', 'documentationUrl', 'deprecated', 'deprecatedMessage', 'examples']);

const check = process.argv.includes('--check');
const notice = (text) => console.log(`strip-models: ${text}`);

const botocore = findBotocore();
if (!botocore) {
  notice('skipped: botocore is not installed (python3 -c "import botocore" failed); models/ left as committed');
  process.exit(check ? 0 : 1);
}

if (check) {
  const recorded = recordedVersion();
  if (recorded !== undefined && recorded !== botocore.version) {
    notice(`skipped: botocore ${botocore.version} is installed but models/ were generated from ${recorded}`);
    process.exit(0);
  }
}

const outputs = new Map();
const sources = [];
for (const service of SERVICES) {
  const relative = `botocore/data/${service.name}/${service.apiVersion}/service-2.json.gz`;
  const gz = readFileSync(path.join(botocore.dir, 'data', service.name, service.apiVersion, 'service-2.json.gz'));
  const model = JSON.parse(gunzipSync(gz).toString('utf8'));
  outputs.set(`${service.name}.json`, format(strip(model)));
  sources.push({ file: `${service.name}.json`, relative, sha256: createHash('sha256').update(gz).digest('hex') });
}

const previous = existsSync(provenancePath) ? readFileSync(provenancePath, 'utf8') : '';
// The date only moves when something else in the record does, so regenerating is idempotent.
const sameButDate = (date) => provenance(sources, botocore.version, date) === previous;
const previousDate = /^Generated: (\S+)$/m.exec(previous)?.[1];
const date = previousDate && sameButDate(previousDate) ? previousDate : new Date().toISOString().slice(0, 10);
outputs.set('PROVENANCE.md', provenance(sources, botocore.version, date));

if (check) {
  const stale = [];
  for (const [file, text] of outputs) {
    const full = path.join(modelsDir, file);
    const committed = existsSync(full) ? readFileSync(full, 'utf8') : undefined;
    const comparable = (s) => (file === 'PROVENANCE.md' ? s?.replace(/^Generated: .*$/m, '') : s);
    if (comparable(committed) !== comparable(text)) stale.push(file);
  }
  if (stale.length > 0) {
    console.error(`strip-models: models/ is out of date (${stale.join(', ')}); run: node scripts/strip-models.mjs`);
    process.exit(1);
  }
  notice(`models/ match botocore ${botocore.version}`);
} else {
  mkdirSync(modelsDir, { recursive: true });
  for (const [file, text] of outputs) writeFileSync(path.join(modelsDir, file), text);
  notice(`wrote ${[...outputs.keys()].join(', ')} from botocore ${botocore.version}`);
}

function findBotocore() {
  const program = 'import botocore, os; print(botocore.__version__); print(os.path.dirname(botocore.__file__))';
  for (const python of ['python3', 'python']) {
    const run = spawnSync(python, ['-c', program], { encoding: 'utf8' });
    if (run.status !== 0 || typeof run.stdout !== 'string') continue;
    const [version, dir] = run.stdout.trim().split(/\r?\n/);
    if (version && dir && existsSync(path.join(dir, 'data'))) return { version, dir };
  }
  return undefined;
}

function recordedVersion() {
  if (!existsSync(provenancePath)) return undefined;
  return /^botocore version: (\S+)$/m.exec(readFileSync(provenancePath, 'utf8'))?.[1];
}

/** Copies an object without the dropped traits, keeping the source's key order. */
function clean(node) {
  const out = {};
  for (const [key, value] of Object.entries(node)) if (!DROPPED.has(key)) out[key] = value;
  return out;
}

function cleanRef(ref) {
  return ref && typeof ref === 'object' ? clean(ref) : ref;
}

function strip(model) {
  const operations = {};
  for (const [name, op] of Object.entries(model.operations)) {
    const out = clean(op);
    if (out.input) out.input = cleanRef(out.input);
    if (out.output) out.output = cleanRef(out.output);
    if (out.errors) out.errors = out.errors.map(cleanRef);
    operations[name] = out;
  }
  const shapes = {};
  for (const [name, shape] of Object.entries(model.shapes)) {
    const out = clean(shape);
    if (out.members) {
      const members = {};
      // Member names are data, not traits: only the member references are cleaned.
      for (const [member, ref] of Object.entries(out.members)) members[member] = cleanRef(ref);
      out.members = members;
    }
    for (const key of ['member', 'key', 'value']) if (out[key]) out[key] = cleanRef(out[key]);
    shapes[name] = out;
  }
  const top = {};
  for (const key of ['version', 'metadata']) if (key in model) top[key] = model[key];
  top.operations = operations;
  top.shapes = shapes;
  return top;
}

/**
 * One operation or shape per line: small enough for the repository, and a botocore upgrade shows
 * up in review as a diff of the shapes that changed.
 */
function format(model) {
  const lines = ['{'];
  const sections = Object.entries(model);
  sections.forEach(([section, value], i) => {
    const comma = i < sections.length - 1 ? ',' : '';
    if (section === 'operations' || section === 'shapes') {
      const entries = Object.entries(value);
      lines.push(`  ${JSON.stringify(section)}: {`);
      entries.forEach(([name, item], j) => {
        lines.push(`    ${JSON.stringify(name)}: ${JSON.stringify(item)}${j < entries.length - 1 ? ',' : ''}`);
      });
      lines.push(`  }${comma}`);
    } else {
      lines.push(`  ${JSON.stringify(section)}: ${JSON.stringify(value)}${comma}`);
    }
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function provenance(items, version, generated) {
  const rows = items.map((s) => `| ${s.file} | \`${s.relative}\` | \`${s.sha256}\` |`);
  return [
    '# Where the models come from',
    '',
    'These files are the official AWS service models as shipped by botocore, with documentation,',
    'examples and deprecation notes removed. Everything the wire codecs and input validation read',
    '(shapes, members, required, min/max, pattern, enum, sensitive, locationName, flattened, error',
    'codes, resultWrapper, metadata) is kept unchanged and in the source order. Do not edit them by hand.',
    '',
    '`overlay.json` is the one hand-written file here: corrections for shapes where the live service',
    'enforces something the published model no longer says, each with its evidence. It is merged at',
    'load time (src/services/<svc>/model.ts) and never touched by the generator.',
    '',
    `botocore version: ${version}`,
    `Generated: ${generated}`,
    '',
    '| file | source (inside the botocore package) | sha256 of the source file |',
    '|---|---|---|',
    ...rows,
    '',
    'Regenerate (after upgrading botocore: `pip install botocore==<version>`):',
    '',
    '```',
    'cd packages/kura && node scripts/strip-models.mjs',
    '```',
    '',
    'Check that the committed files match the installed botocore (run by the test suite; it is skipped',
    'when botocore is absent or its version differs from the one above):',
    '',
    '```',
    'cd packages/kura && node scripts/strip-models.mjs --check',
    '```',
    '',
  ].join('\n');
}
