// `kura history`: every kept version of a parameter, oldest first.

import { COMMON_HELP, processIo, runCommand, type Io } from '../manage/command.js';
import { about, UsageError } from '../manage/errors.js';
import { renderRows } from '../manage/output.js';
import { HIDDEN, history, shownValue } from '../manage/parameters.js';

export const HELP = `Usage: kura history NAME [--values] [--decrypt] [options]

Lists the versions of NAME that Parameter Store keeps (the last 100): version, date, who wrote it,
labels, type.

  --values            show each version's value (SecureStrings stay hidden without --decrypt)
  --decrypt           decrypt SecureStrings and show their values (implies --values)
  --output F          text (default: tab-separated), json or table

${COMMON_HELP}`;

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  const options = { values: { type: 'boolean' }, decrypt: { type: 'boolean' } } as const;
  return runCommand({ name: 'history', help: HELP, options }, args, io, async (ctx) => {
    const [name, ...extra] = ctx.positionals;
    if (!name) throw new UsageError('NAME is required: kura history NAME');
    if (extra.length > 0) throw new UsageError(`one NAME only (got '${extra[0]}' too)`);
    const decrypt = ctx.flag('decrypt');
    const values = ctx.flag('values') || decrypt;
    const versions = await about(name, history(ctx.aws().ssm, name, decrypt));
    const rows = versions.map((v) => ({
      Version: v.Version,
      LastModifiedDate: v.LastModifiedDate,
      LastModifiedUser: v.LastModifiedUser,
      Labels: v.Labels ?? [],
      Type: v.Type,
      ...(v.Description ? { Description: v.Description } : {}),
      ...(values && shownValue(v, decrypt) !== undefined ? { Value: shownValue(v, decrypt) } : {}),
    }));
    if (ctx.output === 'json') {
      ctx.write(renderRows('json', rows, []));
      return;
    }
    const display = rows.map((r) => ({ ...r, Value: values ? (r.Value ?? HIDDEN) : undefined }));
    const columns = ['Version', 'LastModifiedDate', 'LastModifiedUser', 'Labels', 'Type'];
    ctx.write(renderRows(ctx.output, display, values ? [...columns, 'Value'] : columns));
  });
}
