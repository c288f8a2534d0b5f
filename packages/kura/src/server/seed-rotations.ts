// The server's rotation functions as the seed's operator uses them: the same registry and runner
// as a client's RotateSecret (rotation-service.ts), except that the rotations the start's seed
// begins (RotateImmediately=false's testSecret, or a first rotation) wait until the server listens.
// The seed is applied before that, and a function's steps call the server back: run at once, they
// would find no server and fail. `release` (once the server listens) starts what waited; from then
// on (a --dev reset) rotations start at once.

import type { RotationFunctions, RotationReport } from '../services/rotation-functions.js';

export interface HeldRotations extends RotationFunctions {
  /** Starts the rotations held so far; later ones start at once. */
  release(): void;
}

export function holdRotations(functions: RotationFunctions): HeldRotations {
  let held: Map<string, () => Promise<RotationReport>> | undefined = new Map();
  return {
    get maxRotationMs() {
      return functions.maxRotationMs;
    },
    canInvoke: (scope, arn) => functions.canInvoke(scope, arn),
    invoke: (scope, arn, event) => functions.invoke(scope, arn, event),
    running: (secretArn) => held?.has(secretArn) === true || functions.running(secretArn),
    start(secretArn, rotation) {
      if (!held) return functions.start(secretArn, rotation);
      // One rotation per secret, as the runner allows: a second would be refused there too.
      if (held.has(secretArn) || functions.running(secretArn)) return false;
      held.set(secretArn, rotation);
      return true;
    },
    release() {
      const waiting = held;
      held = undefined;
      for (const [secretArn, rotation] of waiting ?? []) functions.start(secretArn, rotation);
    },
  };
}
