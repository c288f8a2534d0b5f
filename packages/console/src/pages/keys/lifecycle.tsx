// A customer managed key's state changes: enable, disable, schedule deletion (after a waiting
// period of 7 to 30 days, AWS's bounds, 30 by default) and cancel it. Each asks first in a dialog
// that says what the change does; AWS's refusal is shown in the dialog, verbatim.

import { useState } from 'preact/hooks';
import { useApi } from '../../app/api.js';
import { ConfirmBeforeWrite } from '../../ui/confirm-before-write.js';
import { DateTime } from '../../ui/date-time.js';
import { useConfirm } from '../../ui/use-confirm.js';
import type { KeyMetadata } from './kms.js';

type Change = 'enable' | 'disable' | 'schedule' | 'cancel';

/** The waiting period field's problem, or undefined when it is a whole number of days from 7 to 30. */
export function waitingPeriodProblem(text: string): string | undefined {
  if (!/^\d+$/.test(text.trim())) return 'Enter a whole number of days, from 7 to 30.';
  const days = Number(text);
  return days < 7 || days > 30 ? 'The waiting period is from 7 to 30 days.' : undefined;
}

export function KeyLifecycle({ metadata, onChanged }: { metadata: KeyMetadata; onChanged: () => void }) {
  const api = useApi();
  const confirm = useConfirm<Change>();
  const [days, setDays] = useState('30');
  const [daysTouched, setDaysTouched] = useState(false);
  const [done, setDone] = useState<string | undefined>(undefined);
  const state = metadata.KeyState;
  const keyId = metadata.KeyId;
  const periodProblem = waitingPeriodProblem(days);

  const CHANGES: Record<Change, { operation: string; words: string; input: () => object; message: string }> = {
    enable: { operation: 'EnableKey', words: 'enabling the key', input: () => ({ KeyId: keyId }), message: 'The key is enabled.' },
    disable: { operation: 'DisableKey', words: 'disabling the key', input: () => ({ KeyId: keyId }), message: 'The key is disabled.' },
    cancel: { operation: 'CancelKeyDeletion', words: 'cancelling the deletion', input: () => ({ KeyId: keyId }), message: 'The deletion is cancelled; the key is disabled until you enable it.' },
    schedule: { operation: 'ScheduleKeyDeletion', words: 'scheduling the deletion', input: () => ({ KeyId: keyId, PendingWindowInDays: Number(days) }), message: 'The key is scheduled for deletion.' },
  };
  const run = (change: Change) => () => {
    if (change === 'schedule' && periodProblem) {
      setDaysTouched(true);
      return;
    }
    void confirm.run(async () => {
      const { operation, input, message } = CHANGES[change];
      await api.json('kms', operation, input());
      setDone(message);
      onChanged();
    });
  };
  const dialog = (change: Change) => ({
    open: confirm.open === change,
    busy: confirm.busy,
    error: confirm.error,
    action: CHANGES[change].words,
    onConfirm: run(change),
    onCancel: confirm.cancel,
  });
  const shownProblem = daysTouched ? periodProblem : undefined;

  return (
    <section aria-labelledby="key-state-title">
      <h2 id="key-state-title">State</h2>
      {state === 'PendingDeletion' ? (
        <p class="notice notice-error" data-testid="deletion-notice">
          This key is scheduled for deletion on <DateTime value={metadata.DeletionDate} />. Until then it cannot be used, and the deletion can be cancelled.
        </p>
      ) : null}
      {done ? (
        <p class="notice notice-info" role="status">
          {done}
        </p>
      ) : null}
      <div role="group" class="key-actions">
        {state === 'Disabled' ? (
          <button type="button" onClick={() => confirm.ask('enable')}>
            Enable key
          </button>
        ) : null}
        {state === 'Enabled' ? (
          <button type="button" class="secondary" onClick={() => confirm.ask('disable')}>
            Disable key
          </button>
        ) : null}
        {state === 'PendingDeletion' ? (
          <button type="button" onClick={() => confirm.ask('cancel')}>
            Cancel key deletion
          </button>
        ) : (
          <button type="button" class="button-danger" onClick={() => confirm.ask('schedule')}>
            Schedule key deletion
          </button>
        )}
      </div>
      <ConfirmBeforeWrite {...dialog('enable')} title="Enable this key?" confirmLabel="Enable key">
        <p>Encrypt, Decrypt and the other cryptographic operations work with the key again.</p>
      </ConfirmBeforeWrite>
      <ConfirmBeforeWrite {...dialog('disable')} title="Disable this key?" confirmLabel="Disable key">
        <p>
          While the key is disabled, nothing can encrypt or decrypt with it: SecureString parameters and secrets under it cannot be read until it is enabled
          again.
        </p>
      </ConfirmBeforeWrite>
      <ConfirmBeforeWrite {...dialog('cancel')} title="Cancel the deletion?" confirmLabel="Cancel key deletion">
        <p>The key stays, disabled: enable it to use it again.</p>
      </ConfirmBeforeWrite>
      <ConfirmBeforeWrite {...dialog('schedule')} title="Schedule the deletion of this key?" confirmLabel="Schedule key deletion">
        <p>
          After the waiting period the key and all its key material are deleted, and nothing encrypted under it can be decrypted again. During the
          waiting period the key cannot be used and the deletion can be cancelled.
        </p>
        <label>
          Waiting period (days)
          <input
            type="number"
            inputMode="numeric"
            min={7}
            max={30}
            value={days}
            onInput={(e) => {
              setDays(e.currentTarget.value);
              setDaysTouched(true);
            }}
            aria-invalid={shownProblem ? 'true' : undefined}
            aria-describedby="waiting-period-help"
          />
          <small id="waiting-period-help">{shownProblem ?? 'From 7 to 30 days.'}</small>
        </label>
      </ConfirmBeforeWrite>
    </section>
  );
}
