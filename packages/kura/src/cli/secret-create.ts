// `kura secret create`: a new secret with its first value, which never comes back on the output.

import { COMMON_HELP, processIo, runCommand, type Io } from '../manage/command.js';
import { about, UsageError } from '../manage/errors.js';
import { renderJson, renderTable } from '../manage/output.js';
import { readSecretInput } from '../manage/secret-input.js';
import { createSecret } from '../manage/secrets.js';
import { secretsManager } from '../manage/secrets-client.js';

export const HELP = `Usage: kura secret create NAME [--value V | --file F] [options]

Creates the secret NAME with its first version (labelled AWSCURRENT). The value is read from
stdin unless --value or --file is given (one trailing newline is dropped from stdin; a file is
stored byte for byte). Prefer stdin or a file: a value on the command line lands in shell history
and is visible to other users in the process list.

  --value V           the value, as text
  --file F            read the value from F (- for stdin)
  --binary            store the bytes of --file or stdin as SecretBinary instead of text
  --description D     a description of the secret
  --kms-key-id K      the KMS key to encrypt it with (default: aws/secretsmanager)
  --tag KEY=VALUE     a tag (repeatable)
  --output F          text (default: "NAME version ID"), json or table

${COMMON_HELP}`;

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  const options = {
    value: { type: 'string' },
    file: { type: 'string' },
    binary: { type: 'boolean' },
    description: { type: 'string' },
    'kms-key-id': { type: 'string' },
    tag: { type: 'string', multiple: true },
  } as const;
  return runCommand({ name: 'secret create', help: HELP, options }, args, io, async (ctx) => {
    const [name, ...extra] = ctx.positionals;
    if (!name) throw new UsageError('NAME is required: kura secret create NAME');
    if (extra.length > 0) throw new UsageError(`unexpected argument '${extra[0]}' (give the value with --value, --file or on stdin)`);
    const tags = ctx.strings('tag').map((tag) => {
      const eq = tag.indexOf('=');
      if (eq <= 0) throw new UsageError(`--tag expects KEY=VALUE (got '${tag}')`);
      return { Key: tag.slice(0, eq), Value: tag.slice(eq + 1) };
    });
    const value = await readSecretInput({ value: ctx.string('value'), file: ctx.string('file'), binary: ctx.flag('binary'), stdin: io.stdin });
    const out = await about(name, createSecret(secretsManager(ctx.aws()), { name, value, description: ctx.string('description'), kmsKeyId: ctx.string('kms-key-id'), tags }));
    const row = { Name: out.Name ?? name, VersionId: out.VersionId, ARN: out.ARN };
    if (ctx.output === 'json') ctx.write(renderJson(row));
    else if (ctx.output === 'table') ctx.write(renderTable([row], ['Name', 'VersionId', 'ARN']));
    else ctx.write(`${row.Name} version ${row.VersionId ?? '?'}\n`);
  });
}
