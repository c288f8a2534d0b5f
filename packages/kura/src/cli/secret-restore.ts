// `kura secret restore`: cancels a secret's scheduled deletion (RestoreSecret).

import { COMMON_HELP, processIo, runCommand, type Io } from '../manage/command.js';
import { about, UsageError } from '../manage/errors.js';
import { renderJson, renderTable } from '../manage/output.js';
import { restoreSecret } from '../manage/secrets.js';
import { secretsManager } from '../manage/secrets-client.js';

export const HELP = `Usage: kura secret restore SECRET [options]

Cancels the scheduled deletion of SECRET (kura secret rm without --force), within its recovery
window. The secret is readable again at once, with all its versions.

  --output F          text (default: "NAME restored"), json or table

${COMMON_HELP}`;

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  return runCommand({ name: 'secret restore', help: HELP, options: {} }, args, io, async (ctx) => {
    const [id, ...extra] = ctx.positionals;
    if (!id) throw new UsageError('SECRET is required: kura secret restore SECRET');
    if (extra.length > 0) throw new UsageError(`one SECRET only (got '${extra[0]}' too)`);
    const out = await about(id, restoreSecret(secretsManager(ctx.aws()), id));
    const row = { Name: out.Name ?? id, ARN: out.ARN };
    if (ctx.output === 'json') ctx.write(renderJson(row));
    else if (ctx.output === 'table') ctx.write(renderTable([row], ['Name', 'ARN']));
    else ctx.write(`${row.Name} restored\n`);
  });
}
