// The stand-in console build beside this file (testing/console/: index.html, hashed assets, an
// unhashed favicon), for the tests of the console's route and of `kura console`.

import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConsoleFiles, compressConsoleFiles, type ConsoleSite } from '../console-files.js';

export const CONSOLE_FIXTURE = fileURLToPath(new URL('./console/', import.meta.url));

export const FIXTURE_SCRIPT = 'assets/index-Dk3vQ9xZ.js';
export const FIXTURE_STYLE = 'assets/index-B7pL2mWq.css';

/** The fixture loaded as `kura serve` loads a console, its encoded forms made. */
export async function fixtureSite(dir = CONSOLE_FIXTURE): Promise<Extract<ConsoleSite, { state: 'served' }>> {
  const { files } = loadConsoleFiles(dir);
  await compressConsoleFiles(files);
  return { state: 'served', files, compressed: Promise.resolve() };
}

/** A copy of the fixture in a fresh temporary directory (the caller removes it), to add odd entries to. */
export function copyFixture(): { parent: string; dir: string } {
  const parent = mkdtempSync(path.join(tmpdir(), 'kura-console-'));
  const dir = path.join(parent, 'console');
  cpSync(CONSOLE_FIXTURE, dir, { recursive: true });
  return { parent, dir };
}
