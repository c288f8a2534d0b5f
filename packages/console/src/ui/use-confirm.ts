// The state around a ConfirmBeforeWrite dialog: which question is open, whether its action is
// running, and the action's error (shown in the dialog, which then stays open). `run` closes the
// dialog once the action has succeeded.

import { useState } from 'preact/hooks';
import { useAction } from './use-action.js';

export interface Confirm<T extends string> {
  open: T | undefined;
  busy: boolean;
  error: unknown;
  ask: (which: T) => void;
  cancel: () => void;
  run: (action: () => Promise<void>) => Promise<void>;
}

export function useConfirm<T extends string>(): Confirm<T> {
  const [open, setOpen] = useState<T | undefined>(undefined);
  const action = useAction();
  return {
    open,
    busy: action.busy,
    error: action.error,
    ask: (which) => {
      action.clearError();
      setOpen(which);
    },
    cancel: () => {
      if (!action.busy) setOpen(undefined);
    },
    run: async (write) => {
      if ((await action.run(write)).status === 'done') setOpen(undefined);
    },
  };
}
