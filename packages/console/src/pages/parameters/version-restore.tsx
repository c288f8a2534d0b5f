// Rollback: "Restore this version" writes a new version (PutParameter Overwrite) with that version's
// value, type and key, after a confirmation. Description, allowed pattern and data type are the
// current ones (a pattern set since then still guards the value). The old value is read at the
// moment of restoring (decrypted for a SecureString) and not kept.

import { useApi } from '../../app/api.js';
import { ConfirmBeforeWrite } from '../../ui/confirm-before-write.js';
import { useAction } from '../../ui/use-action.js';
import { isSecure, restoreVersion, type HistoryEntry } from './detail-api.js';

export interface RestoreDialogProps {
  name: string;
  /** The version to restore; undefined: the dialog is closed. */
  entry: HistoryEntry | undefined;
  latest: number | undefined;
  onRestored: (message: string) => void;
  onCancel: () => void;
}

export function RestoreDialog({ name, entry, latest, onRestored, onCancel }: RestoreDialogProps) {
  const api = useApi();
  const { busy, error, run, clearError } = useAction();

  const cancel = () => {
    clearError();
    onCancel();
  };
  const confirm = async () => {
    if (!entry) return;
    await run(async () => {
      const written = await restoreVersion(api, name, entry);
      onRestored(`Version ${entry.Version} restored as version ${written}.`);
    });
  };

  return (
    <ConfirmBeforeWrite
      open={entry !== undefined}
      title={entry ? `Restore version ${entry.Version}?` : 'Restore'}
      confirmLabel="Restore"
      busy={busy}
      error={error}
      action={entry ? `restoring version ${entry.Version}` : 'restoring'}
      onConfirm={() => void confirm()}
      onCancel={cancel}
    >
      {entry ? (
        <p>
          This writes a new version{latest !== undefined ? ` (${latest + 1})` : ''} of <code>{name}</code> with the value of version {entry.Version}, as a{' '}
          {entry.Type}
          {isSecure(entry.Type) && entry.KeyId ? (
            <>
              {' '}
              under <code>{entry.KeyId}</code>
            </>
          ) : null}
          . The versions in between stay in the history.
          {isSecure(entry.Type) ? ' Restoring reads the old value with decryption (kms:Decrypt), like a reveal.' : ''}
        </p>
      ) : null}
    </ConfirmBeforeWrite>
  );
}
