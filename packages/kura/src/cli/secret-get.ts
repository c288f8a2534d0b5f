// `kura secret get`: a secret's value, of the current version or of the one asked for, whole or one
// key of a JSON object.

import { COMMON_HELP, processIo, runCommand, type Io } from '../manage/command.js';
import { about, CommandError, UsageError } from '../manage/errors.js';
import { jsonKeyValue } from '../manage/json-key.js';
import { renderJson, renderTable } from '../manage/output.js';
import { getSecretValue } from '../manage/secrets.js';
import { secretsManager } from '../manage/secrets-client.js';

export const HELP = `Usage: kura secret get SECRET [--version-stage S | --version-id ID] [--json-key K] [options]

Prints the value of SECRET's AWSCURRENT version, or of the version given. With the default text
output the value is printed alone (text with a newline after it, binary bytes as they are), so
\`$(kura secret get app/db --json-key password)\` is the value.

  --version-stage S   the version labelled S (AWSPREVIOUS, AWSPENDING, a label of yours)
  --version-id ID     the version with this id
  --json-key K        one key of a JSON object secret: a string as it is, any other value as its
                      JSON text, as kura exec sets it (--secret SECRET:K)
  --output F          text (default), json (SecretBinary in base64) or table

${COMMON_HELP}`;

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  const options = { 'version-stage': { type: 'string' }, 'version-id': { type: 'string' }, 'json-key': { type: 'string' } } as const;
  return runCommand({ name: 'secret get', help: HELP, options }, args, io, async (ctx) => {
    const [id, ...extra] = ctx.positionals;
    if (!id) throw new UsageError('SECRET is required: kura secret get SECRET');
    if (extra.length > 0) throw new UsageError(`one SECRET only (got '${extra[0]}' too)`);
    const key = ctx.string('json-key');
    const out = await about(id, getSecretValue(secretsManager(ctx.aws()), { id, versionStage: ctx.string('version-stage'), versionId: ctx.string('version-id') }));
    const name = out.Name ?? id;
    const binary = out.SecretString === undefined ? out.SecretBinary : undefined;
    if (binary === undefined && out.SecretString === undefined) throw new CommandError(`${name}: the answer holds no value`);
    if (key !== undefined && binary !== undefined) throw new CommandError(`${name} holds a binary value (SecretBinary), so its key '${key}' cannot be read`);
    const value = key !== undefined ? jsonKeyValue(out.SecretString ?? '', key, name) : out.SecretString;
    const version = { Name: name, ARN: out.ARN, VersionId: out.VersionId, VersionStages: out.VersionStages ?? [] };
    if (ctx.output === 'json') {
      if (key !== undefined) ctx.write(renderJson({ ...version, Key: key, Value: value }));
      else ctx.write(renderJson({ ...version, CreatedDate: out.CreatedDate, ...(binary !== undefined ? { SecretBinary: Buffer.from(binary).toString('base64') } : { SecretString: value }) }));
    } else if (ctx.output === 'table') {
      const shown = binary !== undefined ? `(binary, ${binary.length} bytes: --output json shows it in base64)` : value;
      ctx.write(renderTable([{ ...version, ...(key !== undefined ? { Key: key } : {}), Value: shown }], ['Name', 'VersionId', 'VersionStages', ...(key !== undefined ? ['Key'] : []), 'Value']));
    } else if (binary !== undefined) io.stdout.write(Buffer.from(binary));
    else ctx.write(`${value ?? ''}\n`);
  });
}
