// `kura serve`'s rotation functions: which Lambda function names this server can invoke for Secrets
// Manager rotation, the command each runs, the IAM role each runs as, how long a step may take,
// and the URL a function reaches this server at.
//
//   --rotation-function NAME=COMMAND   (repeatable; KURA_ROTATION_FUNCTION(S): one NAME=COMMAND a line)
//   --rotation-role NAME=ROLE          (repeatable; KURA_ROTATION_ROLE(S): one NAME=ROLE a line)
//   --rotation-timeout SECONDS         (KURA_ROTATION_TIMEOUT; default 60, as long as 900, Lambda's longest)
//   --rotation-endpoint URL            (KURA_ROTATION_ENDPOINT; default this server's own URL)
//
// Every function has a role, as every Lambda function has an execution role: ROLE is a role name in
// this server's account or a role ARN, and the role must trust lambda.amazonaws.com (checked when
// a step runs, so the role may be created after the server starts). The variables are read with
// every other option's (serve-env.ts): a flag given replaces its variable; an empty one is unset.

import { parseRotationFunctions, RotationFunctionOptionError } from '../rotation/function-option.js';

export interface RegisteredFunction {
  name: string;
  command: string[];
  /** The execution role's ARN. */
  roleArn: string;
}

export interface RotationConfig {
  functions: RegisteredFunction[];
  timeoutMs: number;
  /** Where functions reach this server; undefined: its own URL, through loopback when it listens on every address. */
  endpoint?: string;
}

export interface RotationFlags {
  'rotation-function'?: string[] | undefined;
  'rotation-role'?: string[] | undefined;
  'rotation-timeout'?: string | undefined;
  'rotation-endpoint'?: string | undefined;
}

/** The parseArgs options these flags take. */
export const ROTATION_OPTIONS = {
  'rotation-function': { type: 'string', multiple: true },
  'rotation-role': { type: 'string', multiple: true },
  'rotation-timeout': { type: 'string' },
  'rotation-endpoint': { type: 'string' },
} as const;

export const ROTATION_HELP = `  --rotation-function NAME=COMMAND
                         run COMMAND (split like a shell would, without one) as the Lambda function
                         NAME for Secrets Manager rotation (repeatable); see docs/operations.md
  --rotation-role NAME=ROLE
                         the IAM role function NAME runs as (a role name or ARN; it must trust
                         lambda.amazonaws.com); every function needs one
  --rotation-timeout S   how long one step of a rotation function may run (default 60, 1 to 900)
  --rotation-endpoint URL
                         where rotation functions reach this server (default: its own URL)
`;

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\u0021-\u007e]*\/)?[\w+=,.@-]{1,64}$/;

/** `flags`: the options, from the command line or the environment; `from(option)` names where one came from. */
export function parseRotationConfig(flags: RotationFlags, from: (option: string) => string, accountId: string, fail: (message: string) => Error): RotationConfig {
  const functionValues = flags['rotation-function'] ?? [];
  const roleValues = flags['rotation-role'] ?? [];
  let functions;
  try {
    functions = parseRotationFunctions(functionValues);
  } catch (error) {
    if (error instanceof RotationFunctionOptionError) throw fail(error.message);
    throw error;
  }
  const roles = new Map<string, string>();
  for (const value of roleValues) {
    const eq = value.indexOf('=');
    const name = eq === -1 ? '' : value.slice(0, eq);
    const role = eq === -1 ? '' : value.slice(eq + 1);
    if (!name || !role) throw fail(`--rotation-role expects NAME=ROLE, got '${value}'`);
    if (!functions.has(name)) throw fail(`--rotation-role ${name}: no --rotation-function ${name} is registered`);
    if (roles.has(name)) throw fail(`--rotation-role ${name} is given twice`);
    if (ROLE_ARN.test(role)) roles.set(name, role);
    else if (ROLE_NAME.test(role)) roles.set(name, `arn:aws:iam::${accountId}:role/${role}`);
    else throw fail(`--rotation-role ${name}: '${role}' is neither a role name nor a role ARN`);
  }
  const registered: RegisteredFunction[] = [];
  for (const fn of functions.values()) {
    const roleArn = roles.get(fn.name);
    if (roleArn === undefined) throw fail(`--rotation-function ${fn.name} has no role: give --rotation-role ${fn.name}=ROLE (a role that trusts lambda.amazonaws.com)`);
    registered.push({ name: fn.name, command: fn.command, roleArn });
  }
  const timeoutText = flags['rotation-timeout'];
  const seconds = timeoutText === undefined ? 60 : /^\d{1,4}$/.test(timeoutText) ? Number(timeoutText) : NaN;
  if (!(seconds >= 1 && seconds <= 900)) throw fail(`${from('rotation-timeout')} must be a whole number of seconds from 1 to 900, not '${timeoutText?.slice(0, 40)}'`);
  const endpoint = flags['rotation-endpoint'];
  if (endpoint !== undefined && !isHttpUrl(endpoint)) throw fail(`${from('rotation-endpoint')} must be an http:// or https:// URL, not '${endpoint.slice(0, 200)}'`);
  return { functions: registered, timeoutMs: seconds * 1000, ...(endpoint !== undefined ? { endpoint } : {}) };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
