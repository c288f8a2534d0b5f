// The version history, newest first: each version's labels (each removable), value (a String's shown,
// a SecureString's masked with its own "Reveal"), type, date and author; a checkbox to pick it for a
// comparison, and "Restore this version" on every version but the latest.

import { useApi } from '../../app/api.js';
import { DateTime } from '../../ui/date-time.js';
import { MaskedValue } from '../../ui/masked-value.js';
import { isSecure, versionValue, type HistoryEntry } from './detail-api.js';

export interface HistoryTableProps {
  name: string;
  /** Newest first. */
  entries: HistoryEntry[];
  /** Versions picked for a comparison (at most two). */
  selected: number[];
  onToggle: (version: number) => void;
  onRestore: (entry: HistoryEntry) => void;
  onUnlabel: (entry: HistoryEntry, label: string) => void;
}

/** `arn:aws:iam::000000000000:user/admin` → `user/admin`; the whole ARN stays in the title. */
const shortArn = (arn: string | undefined) => (arn ? (arn.split(':').slice(5).join(':') || arn) : '—');

function Labels({ entry, onUnlabel }: { entry: HistoryEntry; onUnlabel: HistoryTableProps['onUnlabel'] }) {
  const labels = entry.Labels ?? [];
  if (labels.length === 0) return <span class="muted">—</span>;
  return (
    <ul class="label-chips">
      {labels.map((label) => (
        <li class="label-chip">
          <span>{label}</span>
          <button type="button" class="chip-remove" aria-label={`Remove label ${label} from version ${entry.Version}`} onClick={() => onUnlabel(entry, label)}>
            <span aria-hidden="true">×</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

function Value({ name, entry }: { name: string; entry: HistoryEntry }) {
  const api = useApi();
  if (isSecure(entry.Type)) {
    return <MaskedValue compact what={`the value of version ${entry.Version}`} reveal={(signal) => versionValue(api, name, entry, signal)} />;
  }
  return <code class="version-value">{entry.Value ?? ''}</code>;
}

export function HistoryTable({ name, entries, selected, onToggle, onRestore, onUnlabel }: HistoryTableProps) {
  const latest = entries[0]?.Version;
  return (
    <div class="overflow-auto">
      <table class="history-table" data-testid="history">
        <caption class="visually-hidden">Versions of {name}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Compare</th>
            <th scope="col">Version</th>
            <th scope="col">Labels</th>
            <th scope="col">Value</th>
            <th scope="col">Type</th>
            <th scope="col">Modified</th>
            <th scope="col">Modified by</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            // Keyed by version: a revealed value must stay with its version when a new one is added on top.
            <tr key={entry.Version} data-version={entry.Version}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Compare version ${entry.Version}`}
                  checked={selected.includes(entry.Version)}
                  onChange={() => onToggle(entry.Version)}
                />
              </td>
              <th scope="row">
                {entry.Version}
                {entry.Version === latest ? <small class="latest-badge"> latest</small> : null}
              </th>
              <td>
                <Labels entry={entry} onUnlabel={onUnlabel} />
              </td>
              <td class="version-value-cell">
                <Value name={name} entry={entry} />
              </td>
              <td>
                {entry.Type}
                {isSecure(entry.Type) && entry.KeyId ? (
                  <>
                    <br />
                    <small>{entry.KeyId}</small>
                  </>
                ) : null}
              </td>
              <td>
                <DateTime value={entry.LastModifiedDate} />
              </td>
              <td title={entry.LastModifiedUser}>{shortArn(entry.LastModifiedUser)}</td>
              <td>
                {entry.Version === latest ? null : (
                  <button type="button" class="secondary outline small-button" onClick={() => onRestore(entry)}>
                    Restore this version<span class="visually-hidden"> ({entry.Version})</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
