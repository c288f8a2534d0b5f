// `kura exec` from parsed options to the running program: find the program, read every source under
// one deadline (or, when the store cannot be reached, the last-known-good file), build the
// environment and the files, launch. Any failure before the launch is an ExecError; the program
// then never starts. Without --watch, --file or --template Kura replaces itself with the program
// (execve) where Node allows; with them it stays the program's parent (supervise.ts, watch.ts).

import { readFileSync, writeSync } from 'node:fs';
import { ExecError, EXIT } from './errors.js';
import { planReads, type Fetched } from './fetch.js';
import { canExecve, launch } from './launch.js';
import type { ExecOptions, TemplateTarget } from './options.js';
import { buildOutputs, type Outputs } from './outputs.js';
import { resolveProgram } from './program.js';
import { openReading, type Reading } from './reading.js';
import { findSecretReferences } from './secret-refs.js';
import { findReferences } from './sources.js';

export type { ExecOptions } from './options.js';

export interface ExecIo {
  env: NodeJS.ProcessEnv;
  /** One line for stderr (names only). */
  report(line: string): void;
}

const defaultIo: ExecIo = { env: process.env, report: writeStderr };

/** Variables that configure Kura itself and never reach the program (cli/exec-env.ts). */
export const EXEC_VARIABLE_PREFIX = 'KURA_EXEC_';

/** Resolves with the exit code to return (spawn), or never (execve); rejects with an ExecError. */
export async function runExec(options: ExecOptions, io: ExecIo = defaultIo): Promise<number> {
  if (io === defaultIo) quietWarnings();
  // Loaded only when used: they bring node:crypto and node:child_process, milliseconds of every start.
  const fallback = options.fallback ? await import('./fallback.js') : undefined;
  const key = options.fallback ? fallback?.fallbackKey(io.env, options.fallback.keyEnv) : undefined;
  // A copy taken before the SDK runs: the program gets exactly this, plus what was fetched.
  const inherited = programInheritance(io.env, options);
  const [command = '', ...args] = options.command;
  const program = resolveProgram(command, args, inherited.PATH);
  const references = findReferences(inherited);
  const secretReferences = findSecretReferences(inherited);
  const plan = planReads(options.sources, references, options.recursive, secretReferences, options.files.map((file) => file.value));
  const fetching = plan.paths.length > 0 || plan.parameters.length > 0 || plan.secrets.length > 0;
  if (!fetching && options.watch) throw new ExecError('--watch has nothing to watch: give a source (--path, --map, --secret, --file, or an ssm:// or secretsmanager:// reference)', EXIT.usage);
  const templates = readTemplates(options.templates);
  const build = (fetched: Fetched): Outputs =>
    buildOutputs({
      options,
      fetched,
      inherited,
      references,
      secretReferences,
      // Without a source Kura used no credentials, and the program gets the environment as it was.
      keepCredentials: options.keepCredentials || !fetching,
      templates,
    });
  const keep = (fetched: Fetched): void => {
    if (!options.fallback || !key || !fallback) return;
    try {
      fallback.saveFallback(options.fallback, key, plan, fetched, new Date());
    } catch (error) {
      // The file is a spare for a later start; failing to refresh it does not stop this one.
      io.report(`could not write the last-known-good file ${options.fallback.file}: ${(error as Error).message}`);
    }
  };
  const staysParent = options.watch !== undefined || options.files.length > 0 || options.templates.length > 0;

  let reading: Reading | undefined;
  let first: Outputs;
  try {
    let fetched: Fetched = { paths: new Map(), values: new Map() };
    if (fetching) {
      reading = await openReading(plan, { env: inherited, insecureHttp: options.insecureHttp }, options.timeoutSeconds * 1000);
      preloadWhileWaiting(staysParent);
      try {
        fetched = await reading.read();
        first = build(fetched);
        keep(fetched);
      } catch (error) {
        if (!options.fallback || !key || !fallback?.isUnreachable(error)) throw error;
        const kept = fallback.loadFallback(options.fallback, key, plan, new Date(), error);
        io.report(`${(error as Error).message}; starting from the last-known-good file ${options.fallback.file}, written ${kept.writtenAt.toISOString()}`);
        first = build(kept.fetched);
      }
    } else first = build(fetched);
  } catch (error) {
    reading?.close();
    throw error;
  }
  for (const line of first.overrides) io.report(line);
  if (!staysParent) {
    reading?.close();
    return launch(program, first.env);
  }
  const current = reading;
  const [{ superviseProgram }, { OutputFiles }] = await Promise.all([import('./watch.js'), import('./output-files.js')]);
  try {
    return await superviseProgram({
      program,
      first,
      ...(options.watch ? { watch: options.watch } : {}),
      next: async () => {
        if (!current) throw new ExecError('internal error: nothing to read', EXIT.fetch);
        const fetched = await current.read();
        const outputs = build(fetched);
        keep(fetched);
        return outputs;
      },
      files: new OutputFiles(io.report),
      report: io.report,
    });
  } finally {
    current?.close();
  }
}

/** The inherited environment less what configures Kura: KURA_EXEC_* and the fallback's key. */
function programInheritance(env: NodeJS.ProcessEnv, options: ExecOptions): NodeJS.ProcessEnv {
  const inherited: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) if (!name.startsWith(EXEC_VARIABLE_PREFIX) && name !== options.fallback?.keyEnv) inherited[name] = value;
  return inherited;
}

/** Each template's text, read once before anything is fetched: a missing template fails fast. */
function readTemplates(targets: TemplateTarget[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const { input } of targets) {
    try {
      texts.set(input, readFileSync(input, 'utf8'));
    } catch (error) {
      throw new ExecError(`--template ${input}: cannot read it (${(error as NodeJS.ErrnoException).code ?? 'error'})`, EXIT.usage);
    }
  }
  return texts;
}

/**
 * Loads, while the request is in flight, what would otherwise be loaded after the answer: Node's web
 * streams (the SDK looks at the global ReadableStream when it reads the response, and Node, 24
 * included, builds it on first use: about 2 ms) and, without execve, the spawn code. A few
 * milliseconds of every container start.
 */
function preloadWhileWaiting(staysParent: boolean): void {
  setImmediate(() => {
    void globalThis.ReadableStream;
    if (staysParent) void Promise.all([import('./watch.js'), import('./output-files.js')]);
    else if (!canExecve()) void import('./supervise.js');
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
