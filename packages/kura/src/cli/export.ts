// `kura export`: the parameters under a path as a JSON, YAML, dotenv or shell file.

import { writePrivateFile } from '../manage/private-file.js';
import { COMMON_HELP, processIo, runCommand, type Io } from '../manage/command.js';
import { exportFormat, serializeDocument } from '../manage/documents.js';
import { dotLevelWarnings, refuseDotLevels } from '../manage/dot-levels.js';
import { about, CommandError, UsageError } from '../manage/errors.js';
import { normalizePath } from '../manage/flatten.js';
import { sampleNames } from '../manage/import-plan.js';
import { listByPath } from '../manage/parameters.js';

export const HELP = `Usage: kura export --path P --format json|yaml|dotenv|shell [--decrypt] [--out FILE] [options]

Prints every parameter under P. json and yaml are nested (P/db/host is {"db": {"host": …}}) and
import back to the same parameters; dotenv and shell are flat, one variable per parameter, named by
the path below P with / . - turned into _ (P/db/host is db_host). Shell output is
\`export NAME='value'\` lines, quoted so that sourcing it runs nothing from a value.

  --path P            the path to export (required)
  --format F          json, yaml, dotenv or shell (required)
  --decrypt           include SecureString values, decrypted; without it, a path holding
                      SecureStrings is an error (an export without their values would be wrong)
  --out FILE          write to FILE, created with mode 0600, instead of stdout
  --allow-dot-levels  export names with '.', '..' or empty levels as written; without it they are
                      an error (Parameter Store keeps /P/../prod/x as a name under P, while readers
                      of the file may take it for /prod/x)

${COMMON_HELP}`;

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  const options = { path: { type: 'string' }, format: { type: 'string' }, decrypt: { type: 'boolean' }, out: { type: 'string' }, 'allow-dot-levels': { type: 'boolean' } } as const;
  return runCommand({ name: 'export', help: HELP, options, output: false }, args, io, async (ctx) => {
    if (ctx.positionals.length > 0) throw new UsageError(`unexpected argument '${ctx.positionals[0]}' (the path goes in --path)`);
    const given = ctx.string('path');
    if (!given) throw new UsageError('--path P is required');
    const format = exportFormat(ctx.string('format'));
    const path = normalizePath(given);
    const decrypt = ctx.flag('decrypt');
    const found = await about(path, listByPath(ctx.aws().ssm, path, { recursive: true, decrypt }));
    const names = found.map((p) => p.Name ?? '');
    if (!ctx.flag('allow-dot-levels')) refuseDotLevels(names);
    const warnings = dotLevelWarnings('export', names);
    if (warnings !== '') ctx.note(warnings);
    const secrets = found.filter((p) => p.Type === 'SecureString').map((p) => p.Name ?? '');
    if (secrets.length > 0 && !decrypt) {
      throw new CommandError(`${path} holds ${secrets.length} SecureString${secrets.length === 1 ? '' : 's'} (${sampleNames(secrets)}): pass --decrypt to export their values`);
    }
    if (found.length === 0) ctx.note(`kura export: no parameters under ${path}\n`);
    const text = serializeDocument(found.map((p) => ({ name: p.Name ?? '', value: p.Value ?? '' })), format, path);
    const out = ctx.string('out');
    if (out === undefined) {
      ctx.write(text);
      return;
    }
    await writePrivateFile(out, text);
    ctx.note(`kura export: wrote ${found.length} parameter${found.length === 1 ? '' : 's'} to ${out}\n`);
  });
}
