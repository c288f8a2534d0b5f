// `kura lambda-bootstrap`: runs a rotation function written for AWS Lambda (Node or Python) once,
// as Kura's rotation runner invokes it: --rotation-function NAME='kura lambda-bootstrap node index.handler'.

import { parseArgs } from 'node:util';
import { runNodeBootstrap, runPythonBootstrap } from '../rotation/bootstrap.js';

export const HELP = `Usage: kura lambda-bootstrap node|python HANDLER [options]

Runs a handler written for AWS Lambda's Node or Python runtime unchanged, once, with the rotation
event Kura's rotation runner gives (JSON on stdin, or KURA_ROTATION_EVENT) and a Lambda context
(function name, request id, remaining time). Meant as the command of --rotation-function:

  kura serve --rotation-function rotate-db='kura lambda-bootstrap python lambda_function.lambda_handler --root /opt/rotate-db'

HANDLER is Lambda's: node index.handler (index.js, .mjs or .cjs; export handler), python
lambda_function.lambda_handler (module lambda_function; dots or / for packages). The SDK in the
handler finds Kura through AWS_ENDPOINT_URL and the role's credentials in the environment.

  --root DIR       where the handler's module is (Lambda's task root; default: the current folder)
  --python PROG    the Python interpreter (default: python3)
  -h, --help       show this help

Exit status: 0 when the handler returned, 1 when it threw (its error last on stderr), 2 for bad usage.
`;

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { root: { type: 'string' }, python: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const [runtime, handler, ...extra] = positionals;
  if (handler === undefined || extra.length > 0) return usage('give a runtime and a handler: kura lambda-bootstrap node|python HANDLER');
  const root = values.root ?? process.cwd();
  if (runtime === 'node') {
    if (values.python !== undefined) return usage('--python is for the python runtime');
    const code = await runNodeBootstrap(handler, root, process.env);
    // Like Lambda, the invocation ends when the handler settles, whatever it left open (SDK sockets).
    process.exit(code);
  }
  if (runtime === 'python') return runPythonBootstrap(values.python ?? 'python3', handler, root, process.env);
  return usage(`unknown runtime '${runtime}': node or python`);
}

function usage(message: string): number {
  process.stderr.write(`kura lambda-bootstrap: ${message}\n${HELP}`);
  return 2;
}
