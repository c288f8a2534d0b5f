// `kura exec` from parsed options to the running program: find the program, read every source under
// one deadline, build the environment, launch. Any failure before the launch is an ExecError; the
// program then never starts.

import { writeSync } from 'node:fs';
import { assembleEnvironment } from './assemble.js';
import { fetchAll, type Fetched } from './fetch.js';
import { canExecve, launch } from './launch.js';
import { loadSdk, loadSecretsSdk } from './load-sdk.js';
import { resolveProgram } from './program.js';
import type { SecretReader, SsmReader } from './reader.js';
import type { ReaderOptions } from './sdk-options.js';
import { findSecretReferences } from './secret-refs.js';
import { findReferences, type Source } from './sources.js';

export interface ExecOptions {
  sources: Source[];
  recursive: boolean;
  prefix: string;
  allowOverride: boolean;
  allowNames: string[];
  strict: string[];
  pristine: boolean;
  keepCredentials: boolean;
  insecureHttp: boolean;
  timeoutSeconds: number;
  /** The program and its arguments. */
  command: string[];
}

export interface ExecIo {
  env: NodeJS.ProcessEnv;
  /** One line for stderr (names only). */
  report(line: string): void;
}

const defaultIo: ExecIo = { env: process.env, report: writeStderr };

/** Resolves with the program's exit code (spawn) or never (execve); rejects with an ExecError. */
export async function runExec(options: ExecOptions, io: ExecIo = defaultIo): Promise<number> {
  if (io === defaultIo) quietWarnings();
  // A copy taken before the SDK runs: the program gets exactly this, plus what was fetched.
  const inherited = { ...io.env };
  const [command = '', ...args] = options.command;
  const program = resolveProgram(command, args, inherited.PATH);
  const references = findReferences(inherited);
  const secretReferences = findSecretReferences(inherited);
  const parametersUsed = references.length > 0 || options.sources.some((s) => s.kind === 'path' || s.kind === 'map');
  const secretsUsed = secretReferences.length > 0 || options.sources.some((s) => s.kind === 'secret' || s.kind === 'secret-map');
  const fetching = parametersUsed || secretsUsed;

  let fetched: Fetched = { paths: new Map(), values: new Map() };
  if (fetching) {
    const readerOptions: ReaderOptions = { env: inherited, insecureHttp: options.insecureHttp };
    let reader: SsmReader | undefined;
    let secretReader: SecretReader | undefined;
    if (secretsUsed) {
      // One bundle with both clients: the Secrets Manager client is loaded only when a secret is read.
      const sdk = await loadSecretsSdk();
      secretReader = sdk.createSecretReader(readerOptions);
      if (parametersUsed) reader = sdk.createReader(readerOptions);
    } else {
      reader = (await loadSdk()).createReader(readerOptions);
    }
    preloadWhileWaiting();
    try {
      fetched = await fetchAll(reader, options.sources, references, options.recursive, options.timeoutSeconds * 1000, { reader: secretReader, references: secretReferences });
    } finally {
      reader?.close();
      secretReader?.close();
    }
  }
  const { env, overrides } = assembleEnvironment({
    inherited,
    sources: options.sources,
    references,
    secretReferences,
    fetched,
    prefix: options.prefix,
    pristine: options.pristine,
    // Without a source Kura used no credentials, and the program gets the environment as it was.
    keepCredentials: options.keepCredentials || !fetching,
    allowOverride: options.allowOverride,
    allowNames: new Set(options.allowNames),
    strict: options.strict,
  });
  for (const line of overrides) io.report(line);
  return launch(program, env);
}

/**
 * Loads, while the request is in flight, what would otherwise be loaded after the answer: Node's web
 * streams (the SDK looks at the global ReadableStream when it reads the response, and Node 20 builds
 * it on first use) and, without execve, the spawn code. A few milliseconds of every container start.
 */
function preloadWhileWaiting(): void {
  setImmediate(() => {
    void globalThis.ReadableStream;
    if (!canExecve()) void import('./supervise.js');
  });
}

/**
 * stderr through fd 2 directly. Touching process.stderr (or stdout/stdin) makes Node switch a pipe to
 * O_NONBLOCK, a flag of the open file that the program inherits and may not expect.
 */
export function writeStderr(line: string): void {
  try {
    writeSync(2, `kura exec: ${line}\n`);
  } catch {
    // stderr closed: nothing to tell anyone
  }
}

/** Node prints warnings through process.stderr; route them through writeStderr instead. */
function quietWarnings(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => writeStderr(`warning: ${warning.name}: ${warning.message}`));
}
