// `kura import`: a JSON, YAML or dotenv file becomes parameters under a path.

import { readFile } from 'node:fs/promises';
import type { ParameterType } from '@aws-sdk/client-ssm';
import { COMMON_HELP, processIo, readAll, runCommand, type Io } from '../manage/command.js';
import { importFormat, parseDocument } from '../manage/documents.js';
import { about, CommandError, UsageError } from '../manage/errors.js';
import { normalizePath } from '../manage/flatten.js';
import { applyImport, planImport, summarize } from '../manage/import-plan.js';
import { renderJson, renderTable } from '../manage/output.js';
import { listByPath } from '../manage/parameters.js';
import { createProgress } from '../manage/progress.js';

export const HELP = `Usage: kura import FILE --path P [options]

Writes the settings in FILE (- for stdin) as parameters under P. JSON and YAML are nested:
{"db": {"host": "h"}} becomes P/db/host; array items are named by index (P/hosts/0). Numbers and
booleans are stored as their text. A dotenv file (KEY=value) becomes P/KEY. Nothing is written
unless the whole file can be: names are checked, and values that differ from what is stored need
--overwrite. Prints how many parameters were created, updated and left unchanged.

  --path P            where to put the parameters (required)
  --format F          json, yaml or dotenv (default: from FILE's extension; required for stdin)
  --type T            String (default), StringList or SecureString
  --key-id K          KMS key for SecureStrings (default: alias/aws/ssm)
  --overwrite         update parameters whose value or type differs
  --dry-run           show what would be done, write nothing
  --output F          text (default: the summary), json or table (one row per parameter)

Comparing with what is stored reads it decrypted, so importing over SecureStrings needs kms:Decrypt.

${COMMON_HELP}`;

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  const options = {
    path: { type: 'string' },
    format: { type: 'string' },
    type: { type: 'string' },
    'key-id': { type: 'string' },
    overwrite: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
  } as const;
  return runCommand({ name: 'import', help: HELP, options }, args, io, async (ctx) => {
    const [file, ...extra] = ctx.positionals;
    if (!file) throw new UsageError('FILE is required: kura import FILE --path P');
    if (extra.length > 0) throw new UsageError(`one FILE only (got '${extra[0]}' too)`);
    const given = ctx.string('path');
    if (!given) throw new UsageError('--path P is required');
    const path = normalizePath(given);
    const type = (ctx.string('type') ?? 'String') as ParameterType;
    if (!['String', 'StringList', 'SecureString'].includes(type)) throw new UsageError(`--type must be String, StringList or SecureString (got '${type}')`);
    const keyId = ctx.string('key-id');
    if (keyId !== undefined && type !== 'SecureString') throw new UsageError('--key-id applies only to --type SecureString');
    if (file === '-' && ctx.string('format') === undefined) throw new UsageError('--format json|yaml|dotenv is required when reading stdin');
    const format = importFormat(file, ctx.string('format'));
    let text: string;
    try {
      text = file === '-' ? await readAll(io.stdin) : await readFile(file, 'utf8');
    } catch (error) {
      throw new CommandError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    let entries;
    try {
      entries = parseDocument(text, format, path);
    } catch (error) {
      throw new CommandError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (entries.length === 0) throw new CommandError(`${file} holds no settings; nothing to import`);
    const { ssm } = ctx.aws();
    const existing = await about(path, listByPath(ssm, path, { recursive: true, decrypt: true }));
    const plan = planImport(entries, existing, type, ctx.flag('overwrite'));
    const dryRun = ctx.flag('dry-run');
    if (!dryRun) {
      const writes = plan.filter((p) => p.action !== 'unchanged').length;
      const progress = createProgress({ stream: io.stderr, total: writes, label: `importing into ${path}` });
      await applyImport(ssm, plan, { type, keyId, progress });
    }
    const summary = summarize(plan);
    if (ctx.output === 'json') {
      ctx.write(renderJson({ Path: path, DryRun: dryRun, Created: summary.created, Updated: summary.updated, Unchanged: summary.unchanged }));
    } else if (ctx.output === 'table') {
      const done = { create: dryRun ? 'would create' : 'created', update: dryRun ? 'would update' : 'updated', unchanged: 'unchanged' };
      ctx.write(renderTable(plan.map((p) => ({ Name: p.name, Result: done[p.action] })), ['Name', 'Result']));
    } else {
      const counts = `${summary.created.length} created, ${summary.updated.length} updated, ${summary.unchanged.length} unchanged`;
      ctx.write(dryRun ? `dry run, nothing written: would import ${plan.length} into ${path}: ${counts.replace(/(created|updated)/g, 'to be $1')}\n` : `imported ${plan.length} into ${path}: ${counts}\n`);
    }
  });
}
