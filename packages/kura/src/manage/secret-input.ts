// Where `kura secret create` and `put` take the value from: --value, --file, or stdin (the default,
// and `--file -`). Stdin loses one trailing newline, as `kura put`'s does (`echo s3cret | …`); a file
// is stored byte for byte, as the AWS CLI's file:// is. Text must be UTF-8: decoding anything else
// would store replacement characters instead of the bytes given, so that is refused, pointing to
// --binary (SecretBinary, bytes as they are). Nothing here ever prints the value.

import { readFile } from 'node:fs/promises';
import { readAllBytes } from './command.js';
import { UsageError } from './errors.js';

export type SecretInput = { SecretString: string } | { SecretBinary: Uint8Array };

export interface InputChoice {
  value?: string | undefined;
  file?: string | undefined;
  binary: boolean;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

export async function readSecretInput(choice: InputChoice): Promise<SecretInput> {
  if (choice.value !== undefined && choice.file !== undefined) throw new UsageError('give the value once: --value or --file, not both');
  if (choice.value !== undefined) {
    if (choice.binary) throw new UsageError('--binary stores bytes from --file or stdin, not --value');
    return { SecretString: nonEmpty(choice.value) };
  }
  let bytes: Buffer;
  let fromStdin = false;
  if (choice.file !== undefined && choice.file !== '-') {
    try {
      bytes = await readFile(choice.file);
    } catch (error) {
      throw new UsageError(`cannot read --file ${choice.file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  } else {
    // A prompt-less wait on a terminal looks like a hang; values belong on a pipe or in a file anyway.
    if (choice.stdin.isTTY) throw new UsageError('give the value on stdin (printf %s "$VALUE" | kura secret …), with --file, or with --value');
    bytes = await readAllBytes(choice.stdin);
    fromStdin = true;
  }
  if (choice.binary) {
    if (bytes.length === 0) throw new UsageError('the value is empty');
    return { SecretBinary: new Uint8Array(bytes) };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`the value from ${fromStdin ? 'stdin' : choice.file} is not UTF-8 text; store it as bytes with --binary`);
  }
  return { SecretString: nonEmpty(fromStdin ? text.replace(/\r?\n$/, '') : text) };
}

function nonEmpty(text: string): string {
  if (text === '') throw new UsageError('the value is empty');
  return text;
}
