// `kura rotate-master-key`: re-wrap the store under a new master key (run with the server stopped).

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadMasterKey } from '../server/master-key.js';
import { DatabaseInUseError, rotateDataDir, RotationError } from '../server/rotate-master-key.js';

export const HELP = `Usage: kura rotate-master-key [--data DIR] [--master-key-file FILE] (--new-key-file FILE | --generate)

Re-wraps every KMS key material and secret access key under a new 256-bit master key. Parameter
values are not touched: they are encrypted under KMS key material, which does not change.
Stop the server first. The run can be repeated safely if it is interrupted.

  --data DIR             the data directory (default ./.kura)
  --master-key-file FILE the current key, when the server is started with one (else KURA_MASTER_KEY,
                         else <data>/master.key)
  --new-key-file FILE    the new key (base64 of 32 bytes)
  --generate             generate the new key; with a key in <data>/master.key it replaces that file,
                         otherwise it is written to <data>/master.key.new for you to move
`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      'master-key-file': { type: 'string' },
      'new-key-file': { type: 'string' },
      generate: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const dataDir = path.resolve(values.data ?? '.kura');
  if (!existsSync(path.join(dataDir, 'kura.db'))) {
    process.stderr.write(`kura rotate-master-key: no Kura data in ${dataDir}\n`);
    return 2;
  }
  if (Boolean(values['new-key-file']) === Boolean(values.generate)) {
    process.stderr.write('kura rotate-master-key: give exactly one of --new-key-file and --generate\n');
    return 2;
  }
  const current = loadMasterKey({ env: process.env, ...(values['master-key-file'] ? { file: path.resolve(values['master-key-file']) } : {}), dataDir });
  const newKey = values.generate ? randomBytes(32) : Buffer.from(readFileSync(path.resolve(values['new-key-file'] as string), 'utf8').trim(), 'base64');
  if (newKey.length !== 32) {
    process.stderr.write('kura rotate-master-key: the new key must be 32 bytes, base64-encoded\n');
    return 2;
  }
  try {
    const report = await rotateDataDir(dataDir, current.key, newKey);
    process.stdout.write(
      `re-wrapped ${report.materials.rewrapped} key materials and ${report.accessKeys.rewrapped} access keys` +
        ` (${report.materials.alreadyNew + report.accessKeys.alreadyNew} were already under the new key)\n`,
    );
  } catch (error) {
    // A running server holds the database's lock: rotating under it would race its cached material.
    if (error instanceof RotationError || error instanceof DatabaseInUseError) {
      process.stderr.write(`kura rotate-master-key: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (values.generate) {
    const encoded = `${newKey.toString('base64')}\n`;
    if (current.source === 'data-dir' && current.file) {
      writeFileSync(`${current.file}.tmp`, encoded, { mode: 0o600 });
      renameSync(`${current.file}.tmp`, current.file);
      process.stdout.write(`the new master key replaced ${current.file}; back it up apart from the data\n`);
    } else {
      const target = path.join(dataDir, 'master.key.new');
      writeFileSync(target, encoded, { mode: 0o600 });
      process.stdout.write(`the new master key is in ${target}: start the server with it (KURA_MASTER_KEY or --master-key-file)\n`);
    }
  } else {
    process.stdout.write('start the server with the new key (KURA_MASTER_KEY, --master-key-file, or <data>/master.key)\n');
  }
  return 0;
}
