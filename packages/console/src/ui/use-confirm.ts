// The state around a ConfirmBeforeWrite dialog: which question is open, whether its action is
// running, and the action's error (shown in the dialog, which then stays open). `run` closes the
// dialog once the action has succeeded.

import { useState } from 'preact/hooks';

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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  return {
    open,
    busy,
    error,
    ask: (which) => {
      setError(undefined);
      setOpen(which);
    },
    cancel: () => {
      if (!busy) setOpen(undefined);
    },
    run: async (action) => {
      setBusy(true);
      setError(undefined);
      try {
        await action();
        setOpen(undefined);
      } catch (caught) {
        setError(caught);
      } finally {
        setBusy(false);
      }
    },
  };
}
