// `kura secret put`: a new version of an existing secret; its value never comes back on the output.

import { COMMON_HELP, processIo, runCommand, type Io } from '../manage/command.js';
import { about, UsageError } from '../manage/errors.js';
import { renderJson, renderTable } from '../manage/output.js';
import { readSecretInput } from '../manage/secret-input.js';
import { putSecretValue } from '../manage/secrets.js';
import { secretsManager } from '../manage/secrets-client.js';

export const HELP = `Usage: kura secret put SECRET [--value V | --file F] [options]

Writes a new version of SECRET (PutSecretValue). It becomes AWSCURRENT, and the version it
replaces AWSPREVIOUS, unless --stage says otherwise. The value is read from stdin unless --value
or --file is given (one trailing newline is dropped from stdin; a file is stored byte for byte).

  --value V           the value, as text (lands in shell history: prefer stdin or --file)
  --file F            read the value from F (- for stdin)
  --binary            store the bytes of --file or stdin as SecretBinary instead of text
  --stage S           label the new version S instead of AWSCURRENT (repeatable)
  --output F          text (default: "NAME version ID"), json or table

${COMMON_HELP}`;

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  const options = { value: { type: 'string' }, file: { type: 'string' }, binary: { type: 'boolean' }, stage: { type: 'string', multiple: true } } as const;
  return runCommand({ name: 'secret put', help: HELP, options }, args, io, async (ctx) => {
    const [id, ...extra] = ctx.positionals;
    if (!id) throw new UsageError('SECRET is required: kura secret put SECRET');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}' (give the value with --value, --file or on stdin)`);
    const value = await readSecretInput({ value: ctx.string('value'), file: ctx.string('file'), binary: ctx.flag('binary'), stdin: io.stdin });
    const out = await about(id, putSecretValue(secretsManager(ctx.aws()), { id, value, stages: ctx.strings('stage') }));
    const row = { Name: out.Name ?? id, VersionId: out.VersionId, VersionStages: out.VersionStages ?? [], ARN: out.ARN };
    if (ctx.output === 'json') ctx.write(renderJson(row));
    else if (ctx.output === 'table') ctx.write(renderTable([row], ['Name', 'VersionId', 'VersionStages']));
    else ctx.write(`${row.Name} version ${row.VersionId ?? '?'}\n`);
  });
}
