// The seed's report lines of a server's start, for the seed e2e tests. They are logged before the
// server listens, but stdout may reach the test after the banner on stderr: wait for the line the
// server logs once it listens.

import type { RunningKura } from './harness.js';

export async function seedLines(kura: RunningKura): Promise<string[]> {
  for (let i = 0; i < 100 && !kura.stdout().includes('"msg":"audit events name this server"'); i += 1) await new Promise((r) => setTimeout(r, 50));
  return kura
    .stdout()
    .split('\n')
    .filter((line) => line.includes('"msg":"seed: '))
    .map((line) => (JSON.parse(line) as { msg: string }).msg);
}
