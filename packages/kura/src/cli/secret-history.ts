// `kura secret history`: a secret's versions, oldest first, with the stages each one holds.

import { COMMON_HELP, processIo, runCommand, type Io } from '../manage/command.js';
import { about, UsageError } from '../manage/errors.js';
import { renderRows } from '../manage/output.js';
import { listVersions } from '../manage/secrets.js';
import { secretsManager } from '../manage/secrets-client.js';

export const HELP = `Usage: kura secret history SECRET [--deprecated] [options]

Lists the versions of SECRET (ListSecretVersionIds, every page), oldest first: version id, when it
was created, its stages (AWSCURRENT, AWSPREVIOUS, AWSPENDING, labels of yours), when it was last
read. Values are not shown: kura secret get SECRET --version-id ID reads one.

  --deprecated        also list versions without any stage (Secrets Manager keeps up to 100)
  --output F          text (default: tab-separated), json or table

${COMMON_HELP}`;

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  return runCommand({ name: 'secret history', help: HELP, options: { deprecated: { type: 'boolean' } } }, args, io, async (ctx) => {
    const [id, ...extra] = ctx.positionals;
    if (!id) throw new UsageError('SECRET is required: kura secret history SECRET');
    if (extra.length > 0) throw new UsageError(`one SECRET only (got '${extra[0]}' too)`);
    const versions = await about(id, listVersions(secretsManager(ctx.aws()), id, ctx.flag('deprecated')));
    const rows = versions.map((v) => ({ VersionId: v.VersionId, CreatedDate: v.CreatedDate, VersionStages: v.VersionStages ?? [], LastAccessedDate: v.LastAccessedDate }));
    ctx.write(renderRows(ctx.output, rows, ['VersionId', 'CreatedDate', 'VersionStages', 'LastAccessedDate']));
  });
}
