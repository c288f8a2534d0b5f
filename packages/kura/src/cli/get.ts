// `kura get`: read parameters by name, with Parameter Store's selectors (NAME:3, NAME:prod).

import { COMMON_HELP, processIo, runCommand, type Io } from '../manage/command.js';
import { about, CommandError, UsageError } from '../manage/errors.js';
import { renderJson, renderRows } from '../manage/output.js';
import { getParameter, HIDDEN, shownValue, type Parameter } from '../manage/parameters.js';

export const HELP = `Usage: kura get NAME[:VERSION|:LABEL]... [--decrypt] [options]

Prints parameter values. One name with the default text output prints the value alone, so
\`$(kura get /app/db/host)\` is the value; several names print NAME<TAB>VALUE lines.

  --decrypt           decrypt SecureStrings and print their values (never printed without it;
                      a single SecureString in text output without --decrypt is an error)
  --output F          text (default), json (one object; an array for several names) or table

${COMMON_HELP}`;

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  return runCommand({ name: 'get', help: HELP, options: { decrypt: { type: 'boolean' } } }, args, io, async (ctx) => {
    const names = ctx.positionals;
    if (names.length === 0) throw new UsageError('at least one NAME is required: kura get NAME...');
    const decrypt = ctx.flag('decrypt');
    const found: Parameter[] = [];
    for (const name of names) found.push(await about(name, getParameter(ctx.aws().ssm, name, decrypt)));
    if (ctx.output === 'text' && found.length === 1) {
      const value = shownValue(found[0]!, decrypt);
      // Printing a placeholder here would end up in `$(kura get …)` as if it were the secret.
      if (value === undefined) throw new CommandError(`${names[0]} is a SecureString: pass --decrypt to print its value`);
      ctx.write(`${value}\n`);
      return;
    }
    const rows = found.map((p) => ({
      Name: p.Name,
      Type: p.Type,
      Version: p.Version,
      ...(p.Selector ? { Selector: p.Selector } : {}),
      ...(shownValue(p, decrypt) !== undefined ? { Value: shownValue(p, decrypt) } : {}),
      LastModifiedDate: p.LastModifiedDate,
      ARN: p.ARN,
      DataType: p.DataType,
    }));
    if (ctx.output === 'json') {
      ctx.write(renderJson(rows.length === 1 ? rows[0] : rows));
      return;
    }
    const display = rows.map((r) => ({ ...r, Value: r.Value ?? HIDDEN }));
    ctx.write(renderRows(ctx.output, display, ctx.output === 'table' ? ['Name', 'Type', 'Version', 'Value'] : ['Name', 'Value']));
  });
}
