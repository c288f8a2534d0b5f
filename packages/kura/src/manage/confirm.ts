// Asking before a destructive bulk operation. Only a person at a terminal can answer: with stdin not a
// terminal (a pipe, CI, a container), the answer is "no" unless the command was given --yes, so a
// script can never delete a tree because something happened to be on its stdin.

import { createInterface } from 'node:readline';

export interface ConfirmOptions {
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  output: NodeJS.WritableStream;
  question: string;
}

/** 'yes' only for an explicit y/yes typed at a terminal; 'no-terminal' when nobody can be asked. */
export async function confirm(options: ConfirmOptions): Promise<'yes' | 'no' | 'no-terminal'> {
  if (!options.input.isTTY) return 'no-terminal';
  const rl = createInterface({ input: options.input, output: options.output, terminal: true });
  try {
    const answer = await new Promise<string | undefined>((resolve) => {
      rl.once('close', () => resolve(undefined));
      rl.question(`${options.question} [y/N] `, resolve);
    });
    return answer !== undefined && /^\s*y(es)?\s*$/i.test(answer) ? 'yes' : 'no';
  } finally {
    rl.close();
  }
}
