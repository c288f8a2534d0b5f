// A form's write in one hook: `busy` for the button, `error` for the notice or the field it concerns,
// `run` for the submit (a second one while the first runs is ignored), `clearError` for an edit that
// makes the error stale. The state lives in action-runner.ts; this only hands it to Preact, and stops
// when the component unmounts (a write still running then finishes without touching it).

import { useEffect, useRef, useState } from 'preact/hooks';
import { ActionRunner, IDLE, type ActionOutcome, type ActionState } from './action-runner.js';

export interface Action extends ActionState {
  run: <T>(action: () => Promise<T>) => Promise<ActionOutcome<T>>;
  clearError: () => void;
}

export function useAction(): Action {
  const [state, setState] = useState<ActionState>(IDLE);
  const runner = useRef<ActionRunner | undefined>(undefined);
  runner.current ??= new ActionRunner(setState);
  const current = runner.current;
  useEffect(() => () => current.close(), [current]);
  return { busy: state.busy, error: state.error, run: current.run, clearError: current.clearError };
}
