// A modal question before an action that writes: the browser's own <dialog> (showModal traps focus,
// Escape cancels, focus starts on Cancel, the safe choice). The action's error is shown inside the
// dialog, verbatim, and the dialog stays open so the person can read it and cancel.

import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { ErrorNotice } from './error-notice.js';

export interface ConfirmBeforeWriteProps {
  open: boolean;
  title: string;
  confirmLabel: string;
  busy?: boolean;
  error?: unknown;
  /** Words for the error notice: "restoring version 2". */
  action?: string;
  onConfirm: () => void;
  onCancel: () => void;
  children: ComponentChildren;
}

export function ConfirmBeforeWrite({ open, title, confirmLabel, busy, error, action, onConfirm, onCancel, children }: ConfirmBeforeWriteProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = `confirm-${useId()}`;
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      {open ? (
        <article>
          <header>
            <h2 id={titleId}>{title}</h2>
          </header>
          {children}
          <ErrorNotice error={error} {...(action ? { action } : {})} />
          <footer>
            <button type="button" class="secondary" onClick={onCancel} disabled={busy}>
              Cancel
            </button>
            <button type="button" onClick={onConfirm} aria-busy={busy}>
              {confirmLabel}
            </button>
          </footer>
        </article>
      ) : null}
    </dialog>
  );
}
