// The `kura` bin. Each command lives in its own module, loaded only when asked for, so that a
// short-lived command (like `kura exec` at container start) does not pay for the server's code.

import { KURA_VERSION } from '../server/version.js';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(args: string[]): Promise<number> }> }> = {
  serve: { summary: 'run the AWS-compatible Parameter Store / KMS / IAM / STS server', load: () => import('./serve.js') },
  health: { summary: "ask a server's GET /_kura/health: exit 0 when healthy (--wait to wait for it)", load: () => import('./health.js') },
  console: { summary: "print the URL of a server's web console, checked; --open opens it in the browser", load: () => import('./console.js') },
  backup: { summary: 'write a consistent copy of the data store (safe while serving)', load: () => import('./backup.js') },
  exec: { summary: 'run a program with parameters and secrets in its environment (entrypoint)', load: () => import('./exec.js') },
  audit: { summary: "print the audit log as JSON lines (every replica's, with a PostgreSQL store)", load: () => import('./audit.js') },
  seed: { summary: "write a server's state as a seed file for `kura serve --seed` (kura seed export)", load: () => import('./seed.js') },
  'migrate-store': { summary: 'copy a whole store between SQLite and PostgreSQL, verified (servers stopped)', load: () => import('./migrate-store.js') },
  'rotate-master-key': { summary: 're-wrap stored key material under a new master key (server stopped)', load: () => import('./rotate-master-key.js') },
  put: { summary: 'write a parameter (a new version with --overwrite)', load: () => import('./put.js') },
  get: { summary: 'print parameter values (NAME, NAME:VERSION, NAME:LABEL)', load: () => import('./get.js') },
  ls: { summary: 'list the parameters under a path', load: () => import('./ls.js') },
  tree: { summary: 'draw the parameters under a path as a tree', load: () => import('./ls.js').then((m) => ({ run: m.runTree })) },
  history: { summary: "list a parameter's versions", load: () => import('./history.js') },
  diff: { summary: 'compare two versions of a parameter', load: () => import('./diff.js') },
  rollback: { summary: "write an old version's value as a new version", load: () => import('./rollback.js') },
  rm: { summary: 'delete parameters, or everything under a path', load: () => import('./rm.js') },
  import: { summary: 'write a JSON, YAML or dotenv file as parameters under a path', load: () => import('./import.js') },
  export: { summary: 'print a path as JSON, YAML, dotenv or shell', load: () => import('./export.js') },
  secret: { summary: 'create, read, list, rotate and delete Secrets Manager secrets', load: () => import('./secret.js') },
  policy: { summary: 'print the least-privilege IAM policy for reading a path (and secrets)', load: () => import('./policy.js') },
  apply: { summary: "create a CloudFormation template's IAM, KMS, SSM and secrets in the server; write its task definitions", load: () => import('./apply.js') },
  'run-task': { summary: 'run an ECS task definition locally, with task-role credentials and secrets', load: () => import('./run-task.js') },
  'rotation-function': { summary: "Kura's built-in MySQL/MariaDB rotation functions (one step per run)", load: () => import('./rotation-function.js') },
  'lambda-bootstrap': { summary: 'run a rotation function written for Lambda (Node or Python) once', load: () => import('./lambda-bootstrap.js') },
};

export const MAIN_HELP = `Usage: kura <command> [options]

Kura (蔵): credentials and configuration into containers.

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(18)} ${c.summary}`)
  .join('\n')}

Options:
  -h, --help     show help (also: kura <command> --help)
  -v, --version  print the version
`;

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    process.stdout.write(MAIN_HELP);
    return first === undefined ? 1 : 0;
  }
  if (first === '-v' || first === '--version') {
    process.stdout.write(`${KURA_VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[first];
  if (!command) {
    process.stderr.write(`kura: unknown command '${first}'. Run 'kura --help' for the list.\n`);
    return 2;
  }
  return (await command.load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`kura: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
