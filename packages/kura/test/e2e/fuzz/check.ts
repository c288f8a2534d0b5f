// What every answer must be, however hostile the request: no 5xx (an operation Kura does not
// implement may say 501 NotImplementedException), a request id, and a body that parses in the
// request's protocol and carries either an error code or a result. And what the server's logs must
// never show: a stack trace or an error-level line.

import { isUtf8 } from 'node:buffer';
import type { FuzzRequest } from './requests.js';
import type { WireResponse } from './sign.js';

export interface Verdict {
  /** The wire error code, '' for a success. */
  code: string;
  problems: string[];
}

export function checkResponse(request: FuzzRequest, response: WireResponse): Verdict {
  const problems: string[] = [];
  const text = response.body.toString('utf8');
  if (!isUtf8(response.body)) problems.push('the body is not valid UTF-8');
  if (!response.headers['x-amzn-requestid']) problems.push('no x-amzn-requestid header');
  const contentType = String(response.headers['content-type'] ?? '');
  // The body-size guard answers in JSON before any routing; every other answer is in the protocol.
  const json = contentType.includes('json') || request.protocol === 'json';
  // A doubled or odd Action may legitimately run another operation than the one generated.
  const actionChanged = request.mutations.some((m) => /frame: (oddAction|doubleAction)/.test(m));
  const parsed = json ? jsonVerdict(text, response.status) : xmlVerdict(text, response.status, actionChanged ? undefined : `${request.operation}Response`);
  problems.push(...parsed.problems);
  const { code } = parsed;
  const notImplemented = !request.implemented && response.status === 501 && code === 'NotImplementedException';
  if (response.status >= 500 && !notImplemented) problems.push(`HTTP ${response.status}`);
  else if (response.status !== 200 && (response.status < 400 || response.status > 501)) problems.push(`unexpected HTTP ${response.status}`);
  return { code, problems };
}

function jsonVerdict(text: string, status: number): Verdict {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { code: '', problems: [`the body is not JSON: ${text.slice(0, 200)}`] };
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { code: '', problems: ['the JSON body is not an object'] };
  const type = (body as Record<string, unknown>).__type;
  if (status === 200) return { code: '', problems: type === undefined ? [] : ['a 200 answer carries __type'] };
  if (typeof type !== 'string' || type === '') return { code: '', problems: ['an error answer without __type'] };
  return { code: type, problems: [] };
}

function xmlVerdict(text: string, status: number, expectedRoot: string | undefined): Verdict {
  const problem = xmlProblem(text);
  if (problem) return { code: '', problems: [`malformed XML (${problem}): ${text.slice(0, 200)}`] };
  const root = /^(?:<\?xml[^>]*\?>\s*)?<([\w:]+)/.exec(text)?.[1] ?? '';
  if (status === 200) {
    const ok = expectedRoot === undefined ? /^\w+Response$/.test(root) && root !== 'ErrorResponse' : root === expectedRoot;
    return { code: '', problems: ok ? [] : [`a 200 answer with root <${root}>`] };
  }
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? '';
  if (root !== 'ErrorResponse') return { code, problems: [`an error answer with root <${root}>`] };
  return { code, problems: code === '' ? ['an error answer without <Code>'] : [] };
}

/** Well-formedness, as far as an AWS response needs it: one root, balanced tags, legal text. */
export function xmlProblem(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(text)) return 'a character XML 1.0 forbids';
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)) return 'a lone surrogate';
  const stack: string[] = [];
  let roots = 0;
  const token = /<\?xml[^?]*\?>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|</g;
  for (let match = token.exec(text); match !== null; match = token.exec(text)) {
    const [whole, closing, name, , selfClosing, chars] = match;
    if (whole.startsWith('<?xml')) {
      if (match.index !== 0) return 'an XML declaration after the start';
    } else if (chars !== undefined) {
      if (stack.length === 0 && chars.trim() !== '') return 'text outside the root element';
      if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(chars)) return 'an unescaped &';
    } else if (name === undefined) {
      return `a stray < at ${match.index}`;
    } else if (closing) {
      if (stack.pop() !== name) return `</${name}> closes nothing open`;
    } else {
      if (stack.length === 0 && (roots += 1) > 1) return 'more than one root element';
      if (!selfClosing) stack.push(name);
    }
  }
  if (stack.length > 0) return `<${stack[stack.length - 1]}> is never closed`;
  return roots === 1 ? undefined : 'no root element';
}

/** Lines of the server's output that show an unhandled failure. */
export function logProblems(output: string): string[] {
  const problems: string[] = [];
  for (const line of output.split('\n')) {
    if (line.trim() === '') continue;
    let record: Record<string, unknown> | undefined;
    try {
      const parsed: unknown = JSON.parse(line);
      if (parsed !== null && typeof parsed === 'object') record = parsed as Record<string, unknown>;
    } catch {
      record = undefined;
    }
    if (record === undefined) {
      if (/^\s+at\s|\b\w*Error\b:|unhandled|uncaught/i.test(line)) problems.push(line.slice(0, 500));
      continue;
    }
    const strings = Object.values(record).filter((v): v is string => typeof v === 'string');
    // An operation of the model Kura does not implement answers 501 by design (logged as any 5xx is).
    if (record.msg === 'request' && record.errorCode === 'NotImplementedException') continue;
    if (record.level === 'error' || record.level === 'fatal') problems.push(line.slice(0, 500));
    else if (strings.some((v) => /\n\s+at\s/.test(v) || /unhandled/i.test(v))) problems.push(line.slice(0, 500));
  }
  return problems;
}
