// Where the 256-bit master key comes from, in order: --master-key-file, KURA_MASTER_KEY (base64), or
// <data>/master.key, created with mode 0600 on first start. The flag comes first because it is the
// explicit choice of whoever started this process, while an environment variable may be inherited
// from a shell or a unit file without anyone meaning it for this start. Replicas must share the same
// key. Errors name where the key came from (the variable or the file), never the key itself.

import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Keyring } from '../crypto/keyring.js';
import { ConfigError } from './config.js';

export interface MasterKey {
  key: Buffer;
  source: 'environment' | 'file' | 'data-dir';
  /** Set when the key was created by this start. */
  created: boolean;
  file?: string;
}

function decode(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) throw new ConfigError(`${where} must hold 32 bytes (256 bits) encoded in base64`);
  return key;
}

/** What a store records of its master key (store/meta.ts): derived from it one way, never the key. */
export const masterKeyCheck = (keyring: Keyring): Buffer => keyring.derive('master-key-check');

export function loadMasterKey(options: { env: NodeJS.ProcessEnv; file?: string; dataDir: string }): MasterKey {
  if (options.file) {
    if (!existsSync(options.file)) throw new ConfigError(`--master-key-file ${options.file} does not exist`);
    return { key: decode(readFileSync(options.file, 'utf8'), options.file), source: 'file', created: false, file: options.file };
  }
  const fromEnv = options.env.KURA_MASTER_KEY;
  if (fromEnv !== undefined && fromEnv !== '') return { key: decode(fromEnv, 'KURA_MASTER_KEY'), source: 'environment', created: false };
  const file = path.join(options.dataDir, 'master.key');
  if (existsSync(file)) return { key: decode(readFileSync(file, 'utf8'), file), source: 'data-dir', created: false, file };
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return { key, source: 'data-dir', created: true, file };
}
