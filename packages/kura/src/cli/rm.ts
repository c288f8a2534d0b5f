// `kura rm`: delete parameters by name, or everything under a path (after saying what and asking).

import { COMMON_HELP, processIo, runCommand, type Io } from '../manage/command.js';
import { confirm } from '../manage/confirm.js';
import { about, CommandError, UsageError } from '../manage/errors.js';
import { normalizePath } from '../manage/flatten.js';
import { sampleNames } from '../manage/import-plan.js';
import { renderRows } from '../manage/output.js';
import { deleteNames, listByPath } from '../manage/parameters.js';
import { createProgress } from '../manage/progress.js';

export const HELP = `Usage: kura rm NAME... [options]
       kura rm --recursive PATH [--yes] [options]

Deletes parameters (every version). With --recursive, deletes every parameter under PATH: it lists
them and asks for confirmation at a terminal; anywhere else (a pipe, CI) it refuses unless --yes.

  -r, --recursive     delete everything under PATH
  -y, --yes           do not ask
  --output F          text (default: "deleted NAME" lines), json or table

${COMMON_HELP}`;

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  const options = { recursive: { type: 'boolean', short: 'r' }, yes: { type: 'boolean', short: 'y' } } as const;
  return runCommand({ name: 'rm', help: HELP, options }, args, io, async (ctx) => {
    let names = ctx.positionals;
    if (names.length === 0) throw new UsageError(ctx.flag('recursive') ? 'PATH is required: kura rm --recursive PATH' : 'at least one NAME is required: kura rm NAME...');
    if (ctx.flag('recursive')) {
      if (names.length > 1) throw new UsageError(`one PATH with --recursive (got '${names[1]}' too)`);
      const path = normalizePath(names[0]!);
      names = (await about(path, listByPath(ctx.aws().ssm, path, { recursive: true, decrypt: false }))).map((p) => p.Name ?? '');
      if (names.length === 0) {
        ctx.note(`kura rm: no parameters under ${path}; nothing deleted\n`);
        return 0;
      }
      const what = `${names.length} parameter${names.length === 1 ? '' : 's'} under ${path}`;
      if (!ctx.flag('yes')) {
        const listing = `${names.map((n) => `  ${n}\n`).join('')}`;
        if (!io.stdin.isTTY) throw new CommandError(`refusing to delete ${what} (${sampleNames(names)}) without confirmation: stdin is not a terminal; pass --yes`);
        ctx.note(`This deletes ${what}, with every version:\n${listing}`);
        const answer = await confirm({ input: io.stdin, output: io.stderr, question: `Delete ${what}?` });
        if (answer !== 'yes') throw new CommandError('not confirmed; nothing deleted');
      }
    }
    const progress = createProgress({ stream: io.stderr, total: names.length > 10 ? names.length : 0, label: 'deleting' });
    const { deleted, missing } = await deleteNames(ctx.aws().ssm, names, (count) => {
      for (let i = 0; i < count; i += 1) progress.tick();
    });
    progress.done();
    const rows = deleted.map((Name) => ({ Name }));
    if (ctx.output === 'text') ctx.write(deleted.map((n) => `deleted ${n}\n`).join(''));
    else ctx.write(renderRows(ctx.output, rows, ['Name']));
    if (missing.length > 0) throw new CommandError(`parameter${missing.length === 1 ? '' : 's'} not found: ${sampleNames(missing)}`);
  });
}
