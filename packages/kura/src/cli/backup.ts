// `kura backup`: a consistent copy of the data store, taken while the server runs.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { backupDataDir } from '../server/backup.js';

export const HELP = `Usage: kura backup --out FILE [--data DIR]

Writes a consistent copy of Kura's database (safe while the server runs) to FILE, mode 0600.
The copy holds SecureStrings only as ciphertext; decrypting them needs the master key, which is
NOT in the copy: back the master key up separately (see docs/operations.md).

  --data DIR   the data directory (default ./.kura)
  --out FILE   where to write the copy (must not exist)
`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { data: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!values.out) {
    process.stderr.write('kura backup: --out FILE is required\n');
    return 2;
  }
  try {
    const { pages } = await backupDataDir(path.resolve(values.data ?? '.kura'), path.resolve(values.out));
    process.stdout.write(`backed up ${pages} pages to ${path.resolve(values.out)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`kura backup: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
