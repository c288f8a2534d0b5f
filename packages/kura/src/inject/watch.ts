// Kura as the program's parent for its whole life: under --watch (and when --file or --template
// outputs must be removed at the end). It writes the files, starts the program, forwards signals,
// and under --watch reads every source again at a jittered interval. A new result is applied all or
// nothing: a read that fails, is denied or builds a refused result never reaches the program, which
// keeps running as it is while the problem is reported (names only). A different, valid result is
// applied by restarting the program (--restart) or by signalling it (--reload-signal).
//
// Reads are sequential: the next is scheduled only once the previous one, and the restart it caused,
// are over, so a change never overtakes a restart in progress and a failing store is asked again
// only after a full interval.

import { describeFailure } from './errors.js';
import type { WatchOptions } from './options.js';
import type { OutputFiles } from './output-files.js';
import type { Outputs, RenderedFile } from './outputs.js';
import type { Program } from './program.js';
import { forwardSignals, startProgram, type Started } from './supervise.js';
import { changesEnvironment, describeChange, diffOutputs } from './watch-diff.js';

export interface SupervisedRun {
  program: Program;
  first: Outputs;
  /** Absent: no watching (only --file or --template made Kura stay). */
  watch?: WatchOptions;
  /** One complete read and build; rejects with an ExecError (names only) on any failure. */
  next(): Promise<Outputs>;
  /** What watch.ts needs of OutputFiles: write(files) replaces each atomically; removeAll() at the end. */
  files: Pick<OutputFiles, 'write' | 'removeAll'>;
  /** One stderr line. */
  report(line: string): void;
}

/** When to read again, in milliseconds. Not reachable from the command line: tests pass short delays. */
interface Timing {
  delayMs(first: boolean): number;
}

/** Signals after which Kura ends with the program instead of restarting it. */
const ENDING_SIGNALS: ReadonlySet<NodeJS.Signals> = new Set(['SIGTERM', 'SIGINT', 'SIGQUIT']);

/**
 * The interval with jitter: the first read at 0.5 to 1.5 intervals, so that a fleet started together
 * (a deployment) spreads over a whole interval; then 0.8 to 1.2 intervals, so that it stays spread.
 * On average one read per interval, which the command line keeps at WATCH_FLOOR_SECONDS or more.
 */
export function jitteredTiming(intervalSeconds: number, random: () => number = Math.random): Timing {
  return { delayMs: (first) => intervalSeconds * 1000 * (first ? 0.5 + random() : 0.8 + 0.4 * random()) };
}

/**
 * Resolves with the program's exit code (128 + signal when a signal ended it) once it has exited on
 * its own or after a signal Kura forwarded; rejects with an ExecError when it cannot be started (at
 * first or on a restart) or the first files cannot be written. The files are removed either way.
 */
export function superviseProgram(run: SupervisedRun, timingForTests?: Timing): Promise<number> {
  const watch = run.watch;
  const timing = watch ? (timingForTests ?? jitteredTiming(watch.intervalSeconds)) : undefined;
  return new Promise<number>((resolve, reject) => {
    let current = run.first;
    let program: Started | undefined;
    /** Kura was asked to stop, or everything is over: no further read, restart or signal. */
    let ending = false;
    let settled = false;
    /** Kura stopped the program to restart it: its exit does not end Kura. */
    let restarting = false;
    let timer: NodeJS.Timeout | undefined;
    let stopForwarding = (): void => {};

    const removeFiles = (): void => {
      try {
        run.files.removeAll();
      } catch (error) {
        run.report(`could not remove the files: ${describeFailure(error)}`);
      }
    };
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      ending = true;
      clearTimeout(timer);
      stopForwarding();
      removeFiles();
      outcome();
    };
    const start = (env: Record<string, string>): Started => {
      const started = startProgram(run.program, env);
      program = started;
      started.exited.then(
        (code) => {
          if (program === started && !restarting) settle(() => resolve(code));
        },
        (error: unknown) => settle(() => reject(error)),
      );
      return started;
    };

    /** Writes the changed files; on a failure puts the running program's versions back, then throws. */
    const writeFiles = (files: RenderedFile[]): void => {
      if (files.length === 0) return;
      try {
        run.files.write(files);
      } catch (error) {
        const paths = new Set(files.map((file) => file.path));
        try {
          run.files.write(current.files.filter((file) => paths.has(file.path)));
        } catch (restoring) {
          run.report(`could not put the previous files back: ${describeFailure(restoring)}`);
        }
        throw error;
      }
    };

    const restart = async (env: Record<string, string>, killTimeoutSeconds: number): Promise<void> => {
      const old = program;
      if (!old) return;
      restarting = true;
      const killer = setTimeout(() => {
        run.report(`the program did not exit ${killTimeoutSeconds} s after SIGTERM: sent SIGKILL`);
        old.kill('SIGKILL');
      }, killTimeoutSeconds * 1000);
      old.kill('SIGTERM');
      let code: number;
      try {
        code = await old.exited;
      } finally {
        clearTimeout(killer);
        restarting = false;
      }
      // SIGTERM or SIGINT reached Kura during the restart: that ends everything, with this exit.
      if (ending) return settle(() => resolve(code));
      const started = start(env);
      if (started.pid !== undefined) run.report(`the program ended (exit ${code}); started it again with the new environment`);
    };

    const apply = async (next: Outputs, options: WatchOptions): Promise<void> => {
      const change = diffOutputs(current, next);
      if (!change) return;
      writeFiles(change.files);
      current = next;
      const what = describeChange(change);
      if (options.action.kind === 'signal') {
        const { signal } = options.action;
        program?.kill(signal);
        run.report(changesEnvironment(change) ? `${what}; the environment of a running program cannot change: sent ${signal} (use --restart to apply it)` : `${what}: sent ${signal}`);
        return;
      }
      run.report(`${what}: restarting the program (SIGTERM, then SIGKILL after ${options.killTimeoutSeconds} s)`);
      await restart(next.env, options.killTimeoutSeconds);
    };

    const tick = async (options: WatchOptions): Promise<void> => {
      timer = undefined;
      try {
        const next = await run.next();
        if (!ending) await apply(next, options);
      } catch (error) {
        if (!ending) run.report(`kept the running environment: ${describeFailure(error)}`);
      }
      schedule(false);
    };

    const schedule = (first: boolean): void => {
      if (ending || !timing || !watch) return;
      timer = setTimeout(() => void tick(watch), timing.delayMs(first));
      // The program's process keeps Kura alive while it runs; this timer must never do so on its own.
      timer.unref();
    };

    try {
      run.files.write(run.first.files);
    } catch (error) {
      settle(() => reject(error));
      return;
    }
    start(run.first.env);
    stopForwarding = forwardSignals((signal) => {
      if (ENDING_SIGNALS.has(signal)) {
        ending = true;
        clearTimeout(timer);
      }
      program?.kill(signal);
    });
    schedule(true);
  });
}
