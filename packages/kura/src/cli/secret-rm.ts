// `kura secret rm`: schedules a secret's deletion after a recovery window, or deletes it at once.

import { COMMON_HELP, processIo, runCommand, type Io } from '../manage/command.js';
import { about, UsageError } from '../manage/errors.js';
import { renderJson, renderTable } from '../manage/output.js';
import { deleteSecret } from '../manage/secrets.js';
import { secretsManager } from '../manage/secrets-client.js';

export const HELP = `Usage: kura secret rm SECRET [--recovery-days N | --force] [options]

Deletes SECRET (DeleteSecret). By default it is only scheduled for deletion, after a recovery
window of 30 days (or --recovery-days): until then it cannot be read, and kura secret restore
brings it back with every version. --force deletes it at once, with every version, for good.

  --recovery-days N   the recovery window, 7 to 30 days (default 30)
  --force             no recovery window: delete now (cannot be undone)
  --output F          text (default), json or table

${COMMON_HELP}`;

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  const options = { 'recovery-days': { type: 'string' }, force: { type: 'boolean' } } as const;
  return runCommand({ name: 'secret rm', help: HELP, options }, args, io, async (ctx) => {
    const [id, ...extra] = ctx.positionals;
    if (!id) throw new UsageError('SECRET is required: kura secret rm SECRET');
    if (extra.length > 0) throw new UsageError(`one SECRET only (got '${extra[0]}' too)`);
    const days = ctx.string('recovery-days');
    const force = ctx.flag('force');
    if (days !== undefined && force) throw new UsageError('--recovery-days and --force exclude each other: --force has no recovery window');
    if (days !== undefined && !/^(?:[7-9]|[12][0-9]|30)$/.test(days)) throw new UsageError(`--recovery-days must be a whole number of days from 7 to 30 (got '${days}')`);
    const out = await about(id, deleteSecret(secretsManager(ctx.aws()), { id, recoveryDays: days === undefined ? undefined : Number(days), force }));
    const row = { Name: out.Name ?? id, ARN: out.ARN, DeletionDate: out.DeletionDate };
    if (ctx.output === 'json') ctx.write(renderJson(row));
    else if (ctx.output === 'table') ctx.write(renderTable([row], ['Name', 'DeletionDate']));
    else if (force) ctx.write(`${row.Name} deleted\n`);
    else ctx.write(`${row.Name} scheduled for deletion on ${out.DeletionDate?.toISOString() ?? '?'}; kura secret restore ${row.Name} undoes it until then\n`);
  });
}
