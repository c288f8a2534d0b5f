// A small JSON parser for editors: the same grammar as JSON.parse, but the first error comes with
// its line and column (JSON.parse's messages differ between browsers, and some give neither), and
// the position of every value is kept by path, so a later check (a policy's grammar) can point at
// the line it complains about. Duplicate keys are an error: JSON.parse keeps the last one silently,
// and AWS's policy parsers refuse them.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface TextPosition {
  /** 0-based offset into the text. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units, as an editor counts. */
  column: number;
}

export interface JsonSyntaxError extends TextPosition {
  message: string;
}

export type JsonParse =
  | { ok: true; value: JsonValue; /** Offset of each value, keyed by `pathKey(path)`. */ positions: Map<string, number> }
  | { ok: false; error: JsonSyntaxError };

/** `['Statement', 0, 'Effect']` → `Statement.0.Effect` (the root is ``). */
export const pathKey = (path: ReadonlyArray<string | number>): string => path.join('.');

export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: end - lineStart + 1 };
}

class Failure extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const MAX_DEPTH = 200;

function describe(ch: string | undefined): string {
  if (ch === undefined) return 'the end of the text';
  if (ch === '\n') return 'a line break';
  if (ch.trim() === '') return 'a space';
  return `'${ch}'`;
}

class Parser {
  private i = 0;
  readonly positions = new Map<string, number>();
  constructor(private readonly text: string) {}

  parse(): JsonValue {
    const value = this.value([]);
    this.space();
    if (this.i < this.text.length) throw new Failure(`Unexpected ${describe(this.text[this.i])} after the end of the JSON value`, this.i);
    return value;
  }

  private space(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i] as string)) this.i++;
  }

  private expected(what: string): never {
    throw new Failure(`Expected ${what} but found ${describe(this.text[this.i])}`, this.i);
  }

  private value(path: Array<string | number>): JsonValue {
    this.space();
    if (path.length > MAX_DEPTH) throw new Failure('The JSON is nested too deeply', this.i);
    this.positions.set(pathKey(path), this.i);
    const ch = this.text[this.i];
    if (ch === '{') return this.object(path);
    if (ch === '[') return this.array(path);
    if (ch === '"') return this.string();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.text.startsWith(word, this.i)) {
        this.i += word.length;
        return value;
      }
    }
    NUMBER.lastIndex = this.i;
    const number = NUMBER.exec(this.text);
    if (number) {
      this.i += number[0].length;
      return Number(number[0]);
    }
    if (ch === '}' || ch === ']') throw new Failure(`Unexpected '${ch}': a value is missing (a trailing comma?)`, this.i);
    return this.expected('a value (a string, number, object, array, true, false or null)');
  }

  private object(path: Array<string | number>): JsonValue {
    const start = this.i;
    this.i++;
    const out: Record<string, JsonValue> = {};
    const seen = new Set<string>();
    this.space();
    if (this.text[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      this.space();
      if (this.text[this.i] === '}') throw new Failure("Unexpected '}' after a comma: remove the trailing comma", this.i);
      if (this.text[this.i] !== '"') this.expected('a key in double quotes');
      const keyAt = this.i;
      const key = this.string();
      if (seen.has(key)) throw new Failure(`Duplicate key "${key}"`, keyAt);
      seen.add(key);
      this.space();
      if (this.text[this.i] !== ':') this.expected(`':' after the key "${key}"`);
      this.i++;
      // defineProperty: a key such as "__proto__" is kept as data, never as the prototype.
      Object.defineProperty(out, key, { value: this.value([...path, key]), enumerable: true, writable: true, configurable: true });
      this.space();
      if (this.text[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.text[this.i] === '}') {
        this.i++;
        return out;
      }
      if (this.i >= this.text.length) throw new Failure(`The object opened at line ${positionAt(this.text, start).line} is not closed: expected '}'`, this.i);
      this.expected("',' or '}'");
    }
  }

  private array(path: Array<string | number>): JsonValue {
    const start = this.i;
    this.i++;
    const out: JsonValue[] = [];
    this.space();
    if (this.text[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.space();
      if (this.text[this.i] === ']') throw new Failure("Unexpected ']' after a comma: remove the trailing comma", this.i);
      out.push(this.value([...path, out.length]));
      this.space();
      if (this.text[this.i] === ',') {
        this.i++;
        continue;
      }
      if (this.text[this.i] === ']') {
        this.i++;
        return out;
      }
      if (this.i >= this.text.length) throw new Failure(`The array opened at line ${positionAt(this.text, start).line} is not closed: expected ']'`, this.i);
      this.expected("',' or ']'");
    }
  }

  private string(): string {
    const start = this.i;
    this.i++;
    for (;;) {
      const code = this.text.charCodeAt(this.i);
      if (Number.isNaN(code)) throw new Failure('The string is not closed: expected \'"\'', start);
      if (code === 0x22) break;
      if (code < 0x20) throw new Failure('A string cannot hold a line break or control character: write it as an escape (\\n, \\t…)', this.i);
      if (code === 0x5c) {
        const next = this.text[this.i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) throw new Failure('Invalid \\u escape: expected four hexadecimal digits', this.i);
          this.i += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) throw new Failure(`Invalid escape '\\${next ?? ''}' in a string`, this.i);
        this.i += 2;
        continue;
      }
      this.i++;
    }
    this.i++;
    // The slice is now known to be a valid JSON string literal.
    return JSON.parse(this.text.slice(start, this.i)) as string;
  }
}

export function parseJson(text: string): JsonParse {
  const parser = new Parser(text);
  try {
    const value = parser.parse();
    return { ok: true, value, positions: parser.positions };
  } catch (error) {
    if (!(error instanceof Failure)) throw error;
    return { ok: false, error: { message: error.message, ...positionAt(text, error.offset) } };
  }
}
