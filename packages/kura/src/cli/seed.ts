// `kura seed export`: a server's current state as a seed file (docs/seed.md), read over the wire
// through the AWS SDK, so it works against a running server, SQLite or PostgreSQL alike.

import YAML from 'yaml';
import { writePrivateFile } from '../manage/private-file.js';
import { COMMON_HELP, processIo, runCommand, type Io } from '../manage/command.js';
import { UsageError } from '../manage/errors.js';
import { exportSeed } from '../manage/seed-export.js';

export const HELP = `Usage: kura seed export [--decrypt --out FILE] [options]

Writes the state of the server (keys, parameters, IAM entities, secrets of one region) as a seed
file that \`kura serve --seed\` applies. Without --decrypt, SecureString and secret values are not
read: each becomes a valueFromEnv naming a variable. Secret access keys are never readable: each key
pair is written as its id and a secretAccessKeyFromEnv variable. The variables are listed on stderr.

  --decrypt     write SecureString and secret values, decrypted; needs --out
  --out FILE    write to FILE instead of stdout (created with mode 0600)

${COMMON_HELP}`;

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '-h' || sub === '--help') {
    io.stdout.write(HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'export') {
    io.stderr.write(`kura seed: unknown command '${sub}' (the one command is: kura seed export)\n`);
    return 2;
  }
  const options = { decrypt: { type: 'boolean' }, out: { type: 'string' } } as const;
  return runCommand({ name: 'seed export', help: HELP, options, output: false }, rest, io, async (ctx) => {
    if (ctx.positionals.length > 0) throw new UsageError(`unexpected argument '${ctx.positionals[0]}'`);
    const decrypt = ctx.flag('decrypt');
    const out = ctx.string('out');
    // Decrypted values go to a file only the user can read, never to a terminal or a pipe's log.
    if (decrypt && out === undefined) throw new UsageError('--decrypt writes secret values: give --out FILE (created with mode 0600)');
    const clients = ctx.aws();
    const region = await clients.ssm.config.region();
    const exported = await exportSeed(clients, { decrypt, region });
    const header = [`# kura seed export (region ${region})`, ...exported.variables.map((v) => `#   ${v.name}: ${v.for}`)];
    if (exported.variables.length > 0) header.splice(1, 0, '# values read from the environment when applied:');
    // Written with YAML 1.1's quoting, read back as YAML 1.2: a value like 2012-10-17, yes or 0755 is
    // quoted, so that no YAML reader (PyYAML is 1.1) takes it for a date, a boolean or a number.
    const text = `${header.join('\n')}\n${YAML.stringify(exported.document, { lineWidth: 0, version: '1.1' })}`;
    for (const skipped of exported.skipped) ctx.note(`kura seed export: left out ${skipped}\n`);
    if (out === undefined) {
      ctx.write(text);
    } else {
      await writePrivateFile(out, text);
    }
    if (exported.variables.length > 0) {
      ctx.note(`kura seed export: the file reads ${exported.variables.length} value${exported.variables.length === 1 ? '' : 's'} from the environment: ${exported.variables.map((v) => v.name).join(', ')}\n`);
    }
  });
}
