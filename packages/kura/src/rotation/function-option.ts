// `--rotation-function NAME=COMMAND`: a rotation function registered with the server as a local
// command, found by the Lambda function ARN a secret names (arn:aws:lambda:REGION:ACCOUNT:function:NAME,
// optionally :QUALIFIER). Pure.
//
// COMMAND is split into words here and run without a shell: quotes and backslashes as in sh, no
// expansion, no globbing, no pipes or redirections. The words become the program's argv exactly, so
// nothing in a path or argument is ever interpreted, and Kura does not depend on /bin/sh. A shell
// metacharacter outside quotes ($ ` | & ; < > ( ) and the like) is refused rather than passed on
// literally, since its author almost certainly meant a shell: such a function is registered as
// `NAME=sh -c '…'`, which says so.

export class RotationFunctionOptionError extends Error {
  override readonly name = 'RotationFunctionOptionError';
}

export interface RotationFunction {
  /** The Lambda function name the secret's RotationLambdaARN ends with. */
  name: string;
  /** The program and its arguments. */
  command: string[];
}

/** Lambda's function names: letters, digits, hyphens and underscores, at most 64. */
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const SHELL_ONLY = new Set(['$', '`', '|', '&', ';', '<', '>', '(', ')', '*', '?', '[', ']', '{', '}', '~', '#', '!']);

/** Parses one option value, `NAME=COMMAND`. */
export function parseRotationFunction(value: string): RotationFunction {
  const eq = value.indexOf('=');
  if (eq === -1) throw new RotationFunctionOptionError(`--rotation-function expects NAME=COMMAND, got '${value}'`);
  const name = value.slice(0, eq);
  if (!FUNCTION_NAME.test(name)) {
    throw new RotationFunctionOptionError(`--rotation-function: '${name}' is not a Lambda function name (letters, digits, - and _, at most 64)`);
  }
  const command = splitWords(value.slice(eq + 1));
  if (command.length === 0) throw new RotationFunctionOptionError(`--rotation-function ${name}: the command is empty`);
  return { name, command };
}

/** Parses every occurrence of the option; a name given twice is refused (which would win is a guess). */
export function parseRotationFunctions(values: string[]): Map<string, RotationFunction> {
  const out = new Map<string, RotationFunction>();
  for (const value of values) {
    const fn = parseRotationFunction(value);
    if (out.has(fn.name)) throw new RotationFunctionOptionError(`--rotation-function ${fn.name} is given twice`);
    out.set(fn.name, fn);
  }
  return out;
}

/** The function name of a Lambda function ARN, or undefined when `arn` is not one. */
export function lambdaFunctionName(arn: string): string | undefined {
  const match = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([A-Za-z0-9_-]{1,64})(?::[A-Za-z0-9$_-]{1,128})?$/.exec(arn);
  return match?.[1];
}

/** The registered function a secret's RotationLambdaARN names, or undefined. */
export function functionForArn(functions: ReadonlyMap<string, RotationFunction>, arn: string): RotationFunction | undefined {
  const name = lambdaFunctionName(arn);
  return name === undefined ? undefined : functions.get(name);
}

/** sh-style word splitting without expansion; see the header for what is refused. */
export function splitWords(text: string): string[] {
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
      else if (ch === '\\' && '"\\'.includes(text[i + 1] ?? '')) word += text[++i];
      else if (ch === '$' || ch === '`') throw refused(ch, text);
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\') {
      if (i + 1 >= text.length) throw new RotationFunctionOptionError(`a command cannot end with a backslash: ${text}`);
      word += text[++i];
      inWord = true;
    } else if (ch === ' ' || ch === '\t') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else if (ch === '\n' || ch === '\r' || ch === '\0') {
      throw new RotationFunctionOptionError('a command is one line without NUL characters');
    } else if (SHELL_ONLY.has(ch)) {
      throw refused(ch, text);
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote !== undefined) throw new RotationFunctionOptionError(`unbalanced ${quote} in the command: ${text}`);
  if (inWord) words.push(word);
  return words;
}

function refused(ch: string, text: string): RotationFunctionOptionError {
  return new RotationFunctionOptionError(
    `'${ch}' in '${text}' needs a shell, and rotation functions run without one: quote it, or register the function as NAME=sh -c '…'`,
  );
}
