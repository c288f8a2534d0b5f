// `kura ls` and `kura tree`: the parameters under a path, as a list or as the hierarchy they form.

import { COMMON_HELP, processIo, runCommand, type CommandContext, type Io } from '../manage/command.js';
import { dotLevelWarnings } from '../manage/dot-levels.js';
import { about, UsageError } from '../manage/errors.js';
import { normalizePath } from '../manage/flatten.js';
import { renderRows } from '../manage/output.js';
import { HIDDEN, listByPath, shownValue, type Parameter } from '../manage/parameters.js';
import { renderTree } from '../manage/tree.js';

const VALUE_HELP = `  --values            show values too (SecureStrings stay hidden without --decrypt)
  --decrypt           decrypt SecureStrings and show their values (implies --values)`;

export const LS_HELP = `Usage: kura ls [PATH] [-r] [--values] [--decrypt] [options]

Lists the parameters under PATH (default /): those directly under it, or every level with -r.
A name with a '.' or '..' level (/app/../prod/x) is a name of its own, not resolved by Parameter
Store: it is printed as stored, with a warning on stderr.

  -r, --recursive     include every level below PATH
${VALUE_HELP}
  --output F          text (default: names, or NAME<TAB>VALUE with --values), json or table

${COMMON_HELP}`;

export const TREE_HELP = `Usage: kura tree [PATH] [--values] [--decrypt] [options]

Draws every parameter under PATH (default /) as a tree. A '.' or '..' level is drawn quoted ('..'),
where it is stored, with a warning on stderr: Parameter Store does not resolve it.

${VALUE_HELP}
  --output F          text (default: the drawing), json or table (the rows of kura ls -r)

${COMMON_HELP}`;

const VALUE_OPTIONS = { values: { type: 'boolean' }, decrypt: { type: 'boolean' } } as const;

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  const options = { ...VALUE_OPTIONS, recursive: { type: 'boolean', short: 'r' } } as const;
  return runCommand({ name: 'ls', help: LS_HELP, options }, args, io, async (ctx) => list(ctx, ctx.flag('recursive'), false));
}

export async function runTree(args: string[], io: Io = processIo()): Promise<number> {
  return runCommand({ name: 'tree', help: TREE_HELP, options: VALUE_OPTIONS }, args, io, async (ctx) => list(ctx, true, true));
}

async function list(ctx: CommandContext, recursive: boolean, tree: boolean): Promise<void> {
  const [given, ...extra] = ctx.positionals;
  if (extra.length > 0) throw new UsageError(`one PATH at most (got '${extra[0]}' too)`);
  const path = normalizePath(given ?? '/');
  const decrypt = ctx.flag('decrypt');
  const values = ctx.flag('values') || decrypt;
  const found = await about(path, listByPath(ctx.aws().ssm, path, { recursive, decrypt }));
  ctx.write(render(ctx, path, found, { values, decrypt, tree }));
  // After the listing, so a terminal user sees them last; names with `.` or `..` levels are printed as stored.
  const warnings = dotLevelWarnings(tree ? 'tree' : 'ls', found.map((p) => p.Name ?? ''));
  if (warnings !== '') ctx.note(warnings);
}

function render(ctx: CommandContext, path: string, found: Parameter[], { values, decrypt, tree }: { values: boolean; decrypt: boolean; tree: boolean }): string {
  const rows = found.map((p) => ({
    Name: p.Name,
    Type: p.Type,
    Version: p.Version,
    LastModifiedDate: p.LastModifiedDate,
    ...(values && shownValue(p, decrypt) !== undefined ? { Value: shownValue(p, decrypt) } : {}),
  }));
  if (ctx.output === 'json') return renderRows('json', rows, []);
  const display = rows.map((r) => ({ ...r, Value: values ? (r.Value ?? HIDDEN) : undefined }));
  if (tree && ctx.output === 'text') return renderTree(path, display.map((r) => ({ name: r.Name ?? '', value: r.Value })), values);
  const columns = ctx.output === 'table' ? ['Name', 'Type', 'Version', 'LastModifiedDate'] : ['Name'];
  return renderRows(ctx.output, display, values ? [...columns, 'Value'] : columns);
}
