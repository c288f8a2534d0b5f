// Writing a file that may hold secret values (an export with --decrypt): mode 0600 from creation,
// and 0600 again when the file existed (open keeps an existing file's mode).

import { open } from 'node:fs/promises';
import { CommandError } from './errors.js';

export async function writePrivateFile(file: string, text: string): Promise<void> {
  const handle = await open(file, 'w', 0o600).catch((error: unknown) => {
    throw new CommandError(`cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`);
  });
  try {
    await handle.chmod(0o600);
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}
