// The `kura` bin. Each command lives in its own module, loaded only when asked for, so that a
// short-lived command (like `kura exec` at container start) does not pay for the server's code.

import { KURA_VERSION } from './version.js';

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(args: string[]): Promise<number> }> }> = {
  serve: { summary: 'run the AWS-compatible Parameter Store / KMS / IAM / STS server', load: () => import('./serve.js') },
  backup: { summary: 'write a consistent copy of the data store (safe while serving)', load: () => import('./backup.js') },
  'rotate-master-key': { summary: 're-wrap stored key material under a new master key (server stopped)', load: () => import('./rotate-master-key.js') },
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
