// `kura secret ls`: the secrets of the account and region, or those whose name starts with PREFIX.

import { COMMON_HELP, processIo, runCommand, type Io } from '../manage/command.js';
import { about, UsageError } from '../manage/errors.js';
import { renderRows } from '../manage/output.js';
import { listSecrets } from '../manage/secrets.js';
import { secretsManager } from '../manage/secrets-client.js';

export const HELP = `Usage: kura secret ls [PREFIX] [--deleted] [options]

Lists secrets (ListSecrets, every page), or those whose name starts with PREFIX. Values are never
listed: kura secret get reads one.

  --deleted           also list secrets scheduled for deletion (with their DeletedDate)
  --output F          text (default: one name per line), json or table

${COMMON_HELP}`;

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  return runCommand({ name: 'secret ls', help: HELP, options: { deleted: { type: 'boolean' } } }, args, io, async (ctx) => {
    const [prefix, ...extra] = ctx.positionals;
    if (extra.length > 0) throw new UsageError(`one PREFIX only (got '${extra[0]}' too)`);
    const secrets = await about(prefix ?? 'the secrets', listSecrets(secretsManager(ctx.aws()), { prefix, includeDeleted: ctx.flag('deleted') }));
    const rows = secrets.map((s) => ({
      Name: s.Name,
      ARN: s.ARN,
      ...(s.Description !== undefined ? { Description: s.Description } : {}),
      ...(s.KmsKeyId !== undefined ? { KmsKeyId: s.KmsKeyId } : {}),
      LastChangedDate: s.LastChangedDate,
      ...(s.DeletedDate !== undefined ? { DeletedDate: s.DeletedDate } : {}),
      RotationEnabled: s.RotationEnabled ?? false,
    }));
    const columns = ctx.output === 'table' ? ['Name', 'Description', 'LastChangedDate', 'RotationEnabled', ...(ctx.flag('deleted') ? ['DeletedDate'] : [])] : ['Name'];
    ctx.write(renderRows(ctx.output, rows, columns));
  });
}
