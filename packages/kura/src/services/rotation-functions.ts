// The port through which Secrets Manager reaches rotation functions, as AWS's reaches Lambda.
// Services never start processes: the server implements this (server/rotation-service.ts) with
// functions registered as commands (`kura serve --rotation-function NAME=COMMAND`), run with the
// function role's credentials and this server as their endpoint. Tests give their own.

import type { Scope } from '../store/scope.js';

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';

/** The event Secrets Manager invokes a rotation function with (AWS's members, AWS's spelling). */
export interface RotationStepEvent {
  SecretId: string;
  ClientRequestToken: string;
  Step: RotationStep;
  RotationToken?: string;
}

/**
 * How one invocation ended. A failure's message says why in Kura's words (an exit code, a signal,
 * a timeout, a function or role that cannot be used): never what the function printed, which may
 * hold secret values.
 */
export type RotationStepOutcome = { ok: true } | { ok: false; message: string };

/** What a rotation run came to: for the server's log, by ARN and version id only. */
export interface RotationReport {
  secretArn: string;
  versionId: string;
  /** rotated: AWSCURRENT moved; tested: RotateImmediately=false's testSecret ran; the others stopped it. */
  outcome: 'rotated' | 'tested' | 'failed' | 'cancelled' | 'gone';
  /** The step that failed or was not run. */
  step?: RotationStep;
  message?: string;
}

export interface RotationFunctions {
  /** Whether `functionArn` names a function this server can invoke for `scope` (RotateSecret asks first, as AWS checks the Lambda). */
  canInvoke(scope: Scope, functionArn: string): boolean;
  /** Invokes one step and settles with its outcome; a function's own failure is an outcome, not a rejection. */
  invoke(scope: Scope, functionArn: string, event: RotationStepEvent): Promise<RotationStepOutcome>;
  /**
   * Runs `rotation` in the background: RotateSecret answers once the rotation has started, as AWS's
   * does. At most one per secret ARN in this process: false (and nothing run) when one is running.
   */
  start(secretArn: string, rotation: () => Promise<RotationReport>): boolean;
  /** Whether a rotation of the secret runs in this process now. */
  running(secretArn: string): boolean;
  /**
   * The longest a whole rotation can take (four steps, each bounded in time): a pending version
   * older than this belongs to a rotation that has ended, on whichever replica ran it.
   */
  readonly maxRotationMs: number;
}
