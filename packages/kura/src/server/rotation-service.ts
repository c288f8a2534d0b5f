// Secrets Manager's rotation functions in this server (services/rotation-functions.ts's port): a
// function is a command registered with `kura serve --rotation-function NAME=COMMAND`, found by the
// Lambda function ARN a secret names (its account and region must be this server's and the
// request's). Each step is invoked as Lambda would invoke it: the function's role assumed as
// lambda.amazonaws.com (services/sts/lambda-session.ts), the event, this server as
// AWS_ENDPOINT_URL, a clean environment and a time limit (rotation/run-step.ts).
//
// Rotations run in the background, one per secret in this process; shutting down stops starting
// steps, kills the steps running and waits for the runs to end. Logs name functions, secrets,
// versions and steps: a failing function's stderr may hold secret values, so it goes to the debug
// level only, never into a failure's message.

import { lambdaFunctionName, type RotationFunction } from '../rotation/function-option.js';
import { runRotationStep, type StepResult } from '../rotation/run-step.js';
import type { RotationFunctions, RotationReport } from '../services/rotation-functions.js';
import { issueLambdaSession } from '../services/sts/lambda-session.js';
import type { Keyring } from '../crypto/keyring.js';
import type { Scope } from '../store/scope.js';
import type { Store } from '../store/store.js';
import type { Logger } from './logger.js';
import type { RegisteredFunction } from './rotation-config.js';

export interface RotationServiceOptions {
  functions: readonly RegisteredFunction[];
  accountId: string;
  store: Store;
  keyring: Keyring;
  now: () => Date;
  /** This server's URL as the functions should use it; asked per step (known once the server listens). */
  endpoint: () => string;
  timeoutMs: number;
  logger: Logger;
}

export interface RotationService extends RotationFunctions {
  /** Stops starting steps, kills the running ones and waits for every run to end. */
  close(): Promise<void>;
}

type Registered = RotationFunction & { roleArn: string };

/** Settling of the credentials, the process and the store around the steps themselves. */
const RUN_MARGIN_MS = 60_000;

export function createRotationService(options: RotationServiceOptions): RotationService {
  const registered = new Map<string, Registered>(options.functions.map((fn) => [fn.name, { name: fn.name, command: fn.command, roleArn: fn.roleArn }]));
  const runs = new Map<string, Promise<void>>();
  const shutdown = new AbortController();
  const { logger } = options;

  /** The function `arn` names, when it is registered and in the caller's account and region. */
  const find = (scope: Scope, arn: string): Registered | undefined => {
    const parts = arn.split(':');
    if (parts[3] !== scope.region || parts[4] !== scope.accountId || scope.accountId !== options.accountId) return undefined;
    const name = lambdaFunctionName(arn);
    return name === undefined ? undefined : registered.get(name);
  };

  const report = (r: RotationReport) => {
    const fields = { secret: r.secretArn, version: r.versionId, ...(r.step ? { step: r.step } : {}), ...(r.message ? { reason: r.message } : {}) };
    if (r.outcome === 'rotated') logger.log('info', 'secret rotated', fields);
    else if (r.outcome === 'failed') logger.log('warn', 'rotation failed: AWSPENDING stays on its version and the rotation is retried', fields);
    else if (r.outcome === 'tested') logger.log(r.message ? 'warn' : 'info', r.message ? 'rotation test (testSecret) failed' : 'rotation test (testSecret) passed', fields);
    else logger.log('info', 'rotation stopped', { ...fields, outcome: r.outcome });
  };

  return {
    maxRotationMs: 4 * options.timeoutMs + RUN_MARGIN_MS,
    canInvoke: (scope, arn) => find(scope, arn) !== undefined,
    running: (secretArn) => runs.has(secretArn),

    async invoke(scope, arn, event) {
      const fn = find(scope, arn);
      // Lambda's answer to an invocation of a function that does not exist.
      if (!fn) return { ok: false, message: `Function not found: ${arn}` };
      if (shutdown.signal.aborted) return { ok: false, message: 'stopped: the server is shutting down' };
      const session = await issueLambdaSession(options, { roleArn: fn.roleArn, functionArn: arn, functionName: fn.name, seconds: options.timeoutMs / 1000 + 60 });
      if (!session.ok) return { ok: false, message: `the function's role cannot be used: ${session.message}` };
      const result = await runRotationStep({
        command: fn.command,
        event,
        credentials: session.credentials,
        region: scope.region,
        endpoint: options.endpoint(),
        functionName: fn.name,
        functionArn: arn,
        timeoutMs: options.timeoutMs,
        signal: shutdown.signal,
      });
      logger.log('debug', 'rotation step', { function: fn.name, secret: event.SecretId, version: event.ClientRequestToken, step: event.Step, ok: result.ok, durationMs: result.durationMs });
      if (result.ok) return { ok: true };
      // What the function printed may hold secret values: for whoever runs the server at debug level only.
      logger.log('debug', 'rotation function stderr (last lines)', { function: fn.name, step: event.Step, stderr: result.stderrTail });
      return { ok: false, message: `${fn.name} ${event.Step}: ${why(result, fn.command[0] ?? '')}` };
    },

    start(secretArn, rotation) {
      if (shutdown.signal.aborted || runs.has(secretArn)) return false;
      const run = rotation()
        .then(report, (error: unknown) => logger.log('error', 'rotation failed unexpectedly', { secret: secretArn, error: error instanceof Error ? error.message : String(error) }))
        .finally(() => runs.delete(secretArn));
      runs.set(secretArn, run);
      return true;
    },

    async close() {
      shutdown.abort();
      await Promise.allSettled([...runs.values()]);
    },
  };
}

/** A failed step in Kura's words: how the process ended, never what it printed. */
function why(result: Extract<StepResult, { ok: false }>, program: string): string {
  switch (result.reason) {
    case 'exit':
      return `exited with code ${result.exitCode ?? 'unknown'}`;
    case 'signal':
      return `killed by ${result.signal ?? 'a signal'}`;
    case 'timeout':
      return 'timed out';
    case 'aborted':
      return 'stopped: the server is shutting down';
    case 'spawn':
      return `could not start ${program}`;
  }
}
