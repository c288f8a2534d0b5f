// `kura exec`: parse the command line and hand over to src/inject. The program's arguments are never
// looked at: options end at `--` or at the first argument that is not an option.

import { ExecError, EXIT, isExecError } from '../inject/errors.js';
import { isValidEnvName } from '../inject/names.js';
import { runExec, writeStderr, type ExecOptions } from '../inject/run.js';
import { parseSecretRef } from '../inject/secret-refs.js';
import { parseMap } from '../inject/sources.js';

export const EXEC_HELP = `Usage: kura exec [options] -- PROGRAM [ARGS...]

Runs PROGRAM with parameters from SSM Parameter Store and secrets from Secrets Manager (real AWS,
or kura serve through AWS_ENDPOINT_URL) in its environment, replacing Kura's process where Node
allows (>= 22.15). SecureStrings are decrypted. Nothing is started unless every source was read.

Sources (any number, in order; later ones win only under --allow-override):
  --path P              every parameter under P: /app/db/host under /app becomes DB_HOST
  --recursive           also read below sub-paths of each --path
  --map NAME=PARAM      one parameter (name or ARN, optional :version or :label) into NAME
  --secret SECRET       every key of a JSON object secret, named as --path names parameters:
                        {"username":…,"password":…} gives USERNAME and PASSWORD
  --map NAME=secretsmanager://SECRET
                        one secret, whole or one key of it, into NAME (a Secrets Manager ARN
                        may also be given without the secretsmanager:// in front)
  NAME=ssm://PARAM      in the inherited environment: replaced by the parameter's value
  NAME=secretsmanager://SECRET
                        in the inherited environment: replaced by the secret (or one key of it)

  SECRET is ID[:json-key[:version-stage[:version-id]]], as in an ECS task definition: ID is the
  secret's name or ARN; json-key picks one key of a JSON object secret; the version is AWSCURRENT
  unless a stage or an id is given (app/db:password, app/db::AWSPREVIOUS). A string value is used
  as it is, any other JSON value as its JSON text (3306, true); null and binary secrets are refused.

Names and values:
  --prefix STR          put STR in front of names from --path and --secret (one prefix for all:
                        --prefix DB_ gives DB_HOST)
  --allow-override      let a later source replace a name an earlier one set (reported, names only)
  --allow-name N,...    allow names that are refused by default: those that change how programs
                        load (PATH, LD_PRELOAD, NODE_OPTIONS...), where AWS calls go or whose
                        credentials they use (AWS_CONTAINER_*, AWS_ENDPOINT_URL*, AWS_PROFILE,
                        AWS_ACCESS_KEY_ID...), what TLS trusts or which proxy is used
                        (AWS_CA_BUNDLE, NODE_EXTRA_CA_CERTS, HTTPS_PROXY...)
  --strict N,...        fail unless these names end up set and non-empty

Environment of the program:
  --pristine            only what was read (and resolved references); nothing inherited
  --keep-credentials    keep AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (removed
                        by default once Kura has used them; container-credential variables stay)

Connection:
  --timeout SECONDS     deadline for reading everything, retries included (default 30); the SDK
                        retries with backoff and jitter, up to 8 attempts (AWS_MAX_ATTEMPTS)
  --insecure-http       allow plain HTTP to an endpoint that is not on loopback
                        (HTTPS is always verified; trust a private CA with NODE_EXTRA_CA_CERTS)

Credentials, region and endpoint come from the AWS SDK's chain: AWS_PROFILE, AWS_REGION (or
AWS_DEFAULT_REGION), AWS_ENDPOINT_URL, the ECS container credentials, instance profiles.
Without any source, PROGRAM simply runs with the environment as it is.

Exit codes before PROGRAM starts: 2 usage, 3 the store could not be read (unreachable, denied,
throttled, timed out, missing parameter or secret), 4 the result was refused (name collision,
refused name, --strict, a secret that is not a JSON object or lacks the key), 126/127 PROGRAM
cannot be run / was not found. After that, PROGRAM's own code.
`;

const FLAGS = new Set(['--recursive', '--allow-override', '--pristine', '--keep-credentials', '--insecure-http']);
const VALUED = new Set(['--path', '--map', '--secret', '--prefix', '--allow-name', '--strict', '--timeout']);

export function parseExecArgs(argv: string[]): ExecOptions | 'help' {
  const options: ExecOptions = {
    sources: [],
    recursive: false,
    prefix: '',
    allowOverride: false,
    allowNames: [],
    strict: [],
    pristine: false,
    keepCredentials: false,
    insecureHttp: false,
    timeoutSeconds: 30,
    command: [],
  };
  let i = 0;
  for (; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      i += 1;
      break;
    }
    if (arg === '-h' || arg === '--help') return 'help';
    if (!arg.startsWith('-')) break;
    const eq = arg.indexOf('=');
    const flag = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    if (FLAGS.has(flag)) {
      if (flag !== arg) throw usage(`${flag} takes no value`);
      if (flag === '--recursive') options.recursive = true;
      else if (flag === '--allow-override') options.allowOverride = true;
      else if (flag === '--pristine') options.pristine = true;
      else if (flag === '--keep-credentials') options.keepCredentials = true;
      else options.insecureHttp = true;
      continue;
    }
    if (!VALUED.has(flag)) throw usage(`unknown option ${flag}`);
    let value: string;
    if (flag !== arg) value = arg.slice(eq + 1);
    else {
      i += 1;
      if (i >= argv.length) throw usage(`${flag} needs a value`);
      value = argv[i] ?? '';
    }
    if (flag === '--path') {
      if (!value.startsWith('/')) throw usage(`--path must start with /, got '${value}'`);
      options.sources.push({ kind: 'path', path: value });
    } else if (flag === '--map') options.sources.push(parseMap(value));
    else if (flag === '--secret') options.sources.push({ kind: 'secret', secret: parseSecretRef(value, '--secret') });
    else if (flag === '--prefix') {
      if (!/^[A-Za-z0-9_]*$/.test(value)) throw usage('--prefix may hold only letters, digits and _');
      options.prefix = value;
    } else if (flag === '--allow-name') options.allowNames.push(...names(flag, value));
    else if (flag === '--strict') options.strict.push(...names(flag, value));
    else {
      const seconds = Number(value);
      if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) throw usage(`--timeout expects seconds between 0 and 3600, got '${value}'`);
      options.timeoutSeconds = seconds;
    }
  }
  options.command = argv.slice(i);
  if (options.command.length === 0) throw usage('no program given: kura exec [options] -- PROGRAM [ARGS...]');
  return options;
}

function names(flag: string, list: string): string[] {
  const parsed = list.split(',').filter((n) => n !== '');
  const bad = parsed.find((n) => !isValidEnvName(n));
  if (parsed.length === 0 || bad !== undefined) throw usage(`${flag} expects NAME,NAME,... (got '${bad ?? list}')`);
  return parsed;
}

function usage(message: string): ExecError {
  return new ExecError(message, EXIT.usage);
}

export async function run(argv: string[]): Promise<number> {
  try {
    const options = parseExecArgs(argv);
    if (options === 'help') {
      process.stdout.write(EXEC_HELP);
      return 0;
    }
    return await runExec(options);
  } catch (error) {
    if (!isExecError(error)) throw error;
    writeStderr(error.message);
    return error.exitCode;
  }
}
