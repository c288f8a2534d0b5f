// The audit log of an e2e server, read as an operator reads it: `kura audit`, from the PostgreSQL
// store the server keeps its events in (KURA_E2E_STORE=postgres), else from its data directory.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { AuditEvent } from '../../src/gateway/audit.js';
import { kuraBin, type RunningKura } from './harness.js';

const run = promisify(execFile);

/** `kura audit ARGS` on the server's store or data directory: its output, and the events in it. */
export async function kuraAudit(kura: Pick<RunningKura, 'dataDir' | 'storeUrl'>, args: string[] = []): Promise<{ text: string; events: AuditEvent[] }> {
  const where = kura.storeUrl !== undefined ? ['--store', kura.storeUrl] : ['--data', kura.dataDir];
  const { stdout } = await run(process.execPath, [kuraBin, 'audit', ...where, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    maxBuffer: 64 * 1024 * 1024,
  });
  const events = stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as AuditEvent);
  return { text: stdout, events };
}
