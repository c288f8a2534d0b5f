// `kura secret VERB`: Secrets Manager secrets, managed on the parameter commands' conventions (the
// AWS options, --output, one line on stderr, exit 2 for usage). Each verb is its own module, loaded
// only when asked for.

import { processIo, type Io } from '../manage/command.js';

type Verb = { summary: string; load: () => Promise<{ run(args: string[], io?: Io): Promise<number> }> };

const VERBS: Record<string, Verb> = {
  create: { summary: 'create a secret with its first value (--value, --file or stdin)', load: () => import('./secret-create.js') },
  put: { summary: 'write a new value (a new version, AWSCURRENT unless --stage)', load: () => import('./secret-put.js') },
  get: { summary: 'print a value (--version-stage, --version-id, --json-key)', load: () => import('./secret-get.js') },
  ls: { summary: 'list secrets (names starting with PREFIX)', load: () => import('./secret-ls.js') },
  history: { summary: "list a secret's versions and their stages", load: () => import('./secret-history.js') },
  rotate: { summary: 'start a rotation (RotateSecret), or set its function and schedule', load: () => import('./secret-rotate.js') },
  rm: { summary: 'delete a secret after a recovery window (7-30 days), or at once with --force', load: () => import('./secret-rm.js') },
  restore: { summary: 'cancel a scheduled deletion', load: () => import('./secret-restore.js') },
};

export const HELP = `Usage: kura secret <verb> [options]

Manages AWS Secrets Manager secrets (real AWS, or kura serve through AWS_ENDPOINT_URL or
--endpoint-url), as the parameter commands manage Parameter Store. A SECRET is a name or an ARN.

Verbs:
${Object.entries(VERBS)
  .map(([name, verb]) => `  ${name.padEnd(10)} ${verb.summary}`)
  .join('\n')}

Values never go on the command line unless you put them there: create and put read stdin or a
file by default. Run kura secret <verb> --help for a verb's options.
`;

export async function run(args: string[], io: Io = processIo()): Promise<number> {
  const [verb, ...rest] = args;
  if (verb === undefined || verb === '-h' || verb === '--help' || verb === 'help') {
    io.stdout.write(HELP);
    // Without a verb nothing was asked for: the help, and the usage exit code.
    return verb === undefined ? 2 : 0;
  }
  const chosen = VERBS[verb];
  if (chosen === undefined) {
    io.stderr.write(`kura secret: unknown verb '${verb}' (one of ${Object.keys(VERBS).join(', ')})\n`);
    return 2;
  }
  return (await chosen.load()).run(rest, io);
}
