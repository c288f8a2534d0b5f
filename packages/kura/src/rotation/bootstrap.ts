// `kura lambda-bootstrap`'s two runtimes. Node runs the handler in this process (lambda-node.ts);
// Python runs runtime/lambda-bootstrap.py, shipped in the package, under the interpreter given,
// with this process's stdin, stdout, stderr and environment (the runner's), and ends with its code.

import { spawn } from 'node:child_process';
import { writeSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lambdaContext, readEventText } from './lambda-event.js';
import { errorLine, invokeHandler, loadHandler } from './lambda-node.js';

/** Runs a Node handler once; 0 when it succeeds, 1 (its error on stderr) when it fails. */
export async function runNodeBootstrap(handler: string, root: string, env: NodeJS.ProcessEnv): Promise<number> {
  try {
    const fn = await loadHandler(handler, root);
    const event: unknown = JSON.parse(readEventText(env));
    await invokeHandler(fn, event, lambdaContext(env));
    return 0;
  } catch (error) {
    // Synchronous: the caller exits right after, and a pipe's asynchronous write would be lost.
    const stack = error instanceof Error && error.stack ? `${error.stack}\n` : '';
    writeSync(2, `${stack}${errorLine(error)}\n`);
    return 1;
  }
}

/** The package's runtime/ folder file: found by walking up from this module (src/rotation/ or dist/). */
export function runtimeFile(name: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'runtime', name);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`runtime/${name} is missing from Kura's package`);
}

/** Runs the Python bootstrap and settles with its exit code (128 + n for signal n, as a shell reports it). */
export function runPythonBootstrap(python: string, handler: string, root: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(python, [runtimeFile('lambda-bootstrap.py'), handler, root], { stdio: 'inherit', env });
    child.on('error', (error) => {
      writeSync(2, `Runtime.StartError: could not start ${python}: ${error.message}\n`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15)));
  });
}
