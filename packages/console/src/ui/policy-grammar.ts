// The basic grammar of an IAM policy document, checked in the browser while someone edits one:
// Version, Statement (one object or an array of them), and in each statement Effect, Principal,
// Action and Resource (or their Not forms) where the kind of policy needs them. It is not AWS's
// validator (action names, ARN formats, condition operators are left to the server, whose refusal
// the editor shows verbatim): it catches the slips a person makes, and says where they are.

import { parseJson, pathKey, positionAt, type JsonValue, type TextPosition } from './json-syntax.js';

/**
 * `identity`: attached to a user, group or role (no Principal). `resource`: a key policy or a
 * secret's policy (Principal and Resource). `trust`: a role's trust policy (Principal, no Resource).
 */
export type PolicyKind = 'identity' | 'resource' | 'trust';

export interface PolicyProblem {
  /** Where it is, as a path: `Statement[1].Effect` (statements counted from 0, as in the JSON). */
  path: string;
  message: string;
  /** Warnings do not stop a save: AWS accepts the document. */
  severity: 'error' | 'warning';
  position?: TextPosition;
}

export type PolicyCheck =
  | { syntax: 'ok'; document: JsonValue; problems: PolicyProblem[] }
  | { syntax: 'error'; problems: [PolicyProblem] };

const TOP = ['Version', 'Id', 'Statement'];
const STATEMENT = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];
const PRINCIPAL_TYPES = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
const VERSIONS = ['2012-10-17', '2008-10-17'];

const isObject = (v: JsonValue | undefined): v is { [key: string]: JsonValue } => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);
const shown = (v: JsonValue | undefined) => (v === undefined ? 'nothing' : JSON.stringify(v));

/** A string, or a non-empty array of strings. */
function isStringOrList(v: JsonValue | undefined): boolean {
  if (typeof v === 'string') return v.length > 0;
  return Array.isArray(v) && v.length > 0 && v.every((item) => typeof item === 'string' && item.length > 0);
}

function label(path: Array<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

class Checker {
  readonly problems: PolicyProblem[] = [];
  constructor(
    private readonly text: string,
    private readonly positions: Map<string, number>,
  ) {}

  add(path: Array<string | number>, message: string, severity: 'error' | 'warning' = 'error'): void {
    // A missing member is reported where its parent starts.
    let at: number | undefined;
    for (let n = path.length; n >= 0 && at === undefined; n--) at = this.positions.get(pathKey(path.slice(0, n)));
    this.problems.push({ path: label(path), message, severity, ...(at !== undefined ? { position: positionAt(this.text, at) } : {}) });
  }

  /** Exactly one of `name` and `Not<name>`; `required` says whether one must be there. */
  pair(st: { [key: string]: JsonValue }, path: Array<string | number>, name: string, rule: 'required' | 'forbidden'): string | undefined {
    const negated = `Not${name}`;
    const present = [name, negated].filter((k) => has(st, k));
    if (rule === 'forbidden') {
      for (const key of present) this.add([...path, key], `${key} is not allowed in this kind of policy`);
      return undefined;
    }
    if (present.length === 0) this.add(path, `The statement needs ${name} (or ${negated})`);
    if (present.length === 2) this.add([...path, negated], `Use ${name} or ${negated}, not both`);
    return present[0];
  }

  principal(value: JsonValue | undefined, path: Array<string | number>): void {
    if (value === '*') return;
    if (!isObject(value) || Object.keys(value).length === 0) {
      this.add(path, `A principal is "*" or an object such as {"AWS": "arn:aws:iam::111122223333:root"}, not ${shown(value)}`);
      return;
    }
    for (const [type, who] of Object.entries(value)) {
      if (!PRINCIPAL_TYPES.includes(type)) this.add([...path, type], `Unknown principal type "${type}" (expected one of ${PRINCIPAL_TYPES.join(', ')})`);
      else if (!isStringOrList(who)) this.add([...path, type], `${type} must be a string or a list of strings`);
    }
  }

  condition(value: JsonValue | undefined, path: Array<string | number>): void {
    if (!isObject(value)) {
      this.add(path, 'Condition must be an object: {"Operator": {"key": "value"}}');
      return;
    }
    for (const [operator, block] of Object.entries(value)) {
      if (!isObject(block)) {
        this.add([...path, operator], `The condition operator ${operator} needs an object of keys and values`);
        continue;
      }
      for (const [key, v] of Object.entries(block)) {
        const scalar = (x: JsonValue) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
        if (!(scalar(v) || (Array.isArray(v) && v.every(scalar)))) this.add([...path, operator, key], `The value of ${key} must be a string, number, boolean or a list of them`);
      }
    }
  }

  statement(st: JsonValue, path: Array<string | number>, kind: PolicyKind): void {
    if (!isObject(st)) {
      this.add(path, `A statement must be an object, not ${shown(st)}`);
      return;
    }
    for (const key of Object.keys(st)) {
      if (!STATEMENT.includes(key)) this.add([...path, key], `Unknown element "${key}" in a statement (allowed: ${STATEMENT.join(', ')})`);
    }
    if (has(st, 'Sid') && typeof st['Sid'] !== 'string') this.add([...path, 'Sid'], 'Sid must be a string');
    if (!has(st, 'Effect')) this.add(path, 'The statement needs an Effect ("Allow" or "Deny")');
    else if (st['Effect'] !== 'Allow' && st['Effect'] !== 'Deny') this.add([...path, 'Effect'], `Effect must be "Allow" or "Deny", not ${shown(st['Effect'])}`);

    const principal = this.pair(st, path, 'Principal', kind === 'identity' ? 'forbidden' : 'required');
    if (principal) this.principal(st[principal], [...path, principal]);
    const action = this.pair(st, path, 'Action', 'required');
    if (action && !isStringOrList(st[action])) this.add([...path, action], `${action} must be an action name ("kms:Decrypt") or a list of them`);
    const resource = this.pair(st, path, 'Resource', kind === 'trust' ? 'forbidden' : 'required');
    if (resource && !isStringOrList(st[resource])) this.add([...path, resource], `${resource} must be an ARN, "*", or a list of them`);
    if (has(st, 'Condition')) this.condition(st['Condition'], [...path, 'Condition']);
  }

  document(doc: JsonValue, kind: PolicyKind): void {
    if (!isObject(doc)) {
      this.add([], 'A policy document is a JSON object: {"Version": "2012-10-17", "Statement": [ … ]}');
      return;
    }
    for (const key of Object.keys(doc)) {
      if (!TOP.includes(key)) this.add([key], `Unknown element "${key}" at the top of the policy (allowed: ${TOP.join(', ')})`);
    }
    if (!has(doc, 'Version')) this.add([], 'No Version: AWS then reads the policy as "2008-10-17", without policy variables. Add "Version": "2012-10-17"', 'warning');
    else if (typeof doc['Version'] !== 'string' || !VERSIONS.includes(doc['Version'])) this.add(['Version'], `Version must be "2012-10-17" (or the older "2008-10-17"), not ${shown(doc['Version'])}`);
    if (has(doc, 'Id') && typeof doc['Id'] !== 'string') this.add(['Id'], 'Id must be a string');
    const statements = doc['Statement'];
    if (statements === undefined) this.add([], 'The policy needs a Statement: an array of statements');
    else if (Array.isArray(statements)) {
      if (statements.length === 0) this.add(['Statement'], 'Statement is empty: a policy needs at least one statement');
      statements.forEach((st, i) => this.statement(st, ['Statement', i], kind));
    } else if (isObject(statements)) this.statement(statements, ['Statement'], kind);
    else this.add(['Statement'], `Statement must be an array of statements (or one statement object), not ${shown(statements)}`);
  }
}

/** Checks `text` as a policy of `kind`: a JSON syntax error (with its line and column), or the grammar's problems. */
export function checkPolicy(text: string, kind: PolicyKind): PolicyCheck {
  const parsed = parseJson(text);
  if (!parsed.ok) {
    const { message, ...position } = parsed.error;
    return { syntax: 'error', problems: [{ path: '', message, severity: 'error', position }] };
  }
  const checker = new Checker(text, parsed.positions);
  checker.document(parsed.value, kind);
  return { syntax: 'ok', document: parsed.value, problems: checker.problems };
}

/** Whether a save may go ahead: no syntax error and no grammar error (warnings are fine). */
export const canSave = (check: PolicyCheck) => check.problems.every((p) => p.severity === 'warning');

/** `Line 3, column 5: …` or just the message. */
export function describeProblem(problem: PolicyProblem): string {
  const where = problem.position ? `Line ${problem.position.line}, column ${problem.position.column}` : '';
  const path = problem.path ? ` (${problem.path})` : '';
  return where ? `${where}${path}: ${problem.message}` : `${problem.path ? `${problem.path}: ` : ''}${problem.message}`;
}

/** The document as people read it: two-space indented, or the text as it is when it does not parse. */
export function prettyPolicy(text: string): string {
  const parsed = parseJson(text);
  return parsed.ok ? JSON.stringify(parsed.value, null, 2) : text;
}
