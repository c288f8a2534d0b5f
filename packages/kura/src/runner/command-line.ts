// What each container runs. ECS runs the image's entryPoint + command; Kura does not pull images,
// so those must name local programs, or the user gives the program to run instead
// (`--command`, `--container-command NAME=CMD`). Overrides are split into words here (quotes and
// backslashes as in sh, no expansion) so no shell sits between Kura and the program.

export class CommandLineError extends Error {
  override readonly name = 'CommandLineError';
}

/** Splits `node "dist/my server.js" --flag` into words; a JSON array (`["node","x.js"]`) is taken as is. */
export function splitCommand(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new CommandLineError(`not a JSON list of strings: ${trimmed}`);
    }
    if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((w) => typeof w === 'string')) {
      throw new CommandLineError(`not a JSON list of strings: ${trimmed}`);
    }
    return parsed as string[];
  }
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] as string)) word += text[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote) throw new CommandLineError(`unterminated ${quote} quote in: ${text}`);
  if (inWord) words.push(word);
  if (words.length === 0) throw new CommandLineError('empty command');
  return words;
}

/** Parses `NAME=CMD` of --container-command. */
export function parseContainerCommand(spec: string): { name: string; argv: string[] } {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new CommandLineError(`--container-command takes NAME=COMMAND (got '${spec}')`);
  return { name: spec.slice(0, eq), argv: splitCommand(spec.slice(eq + 1)) };
}

/** The argv a container runs: the override if any, else entryPoint followed by command. */
export function containerArgv(container: { name: string; image: string; entryPoint: string[]; command: string[] }, override: string[] | undefined): string[] {
  if (override) return override;
  const argv = [...container.entryPoint, ...container.command];
  if (argv.length === 0) {
    throw new CommandLineError(
      `container '${container.name}' has no entryPoint or command, and Kura does not run its image (${container.image}): ` +
        `give the program with --container-command ${container.name}=CMD, or leave the container out with --container`,
    );
  }
  return argv;
}
