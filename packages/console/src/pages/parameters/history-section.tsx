// The History section of a parameter's page: the versions table, picking two versions and comparing
// them, restoring one (after a confirmation), and labels (attach with the form, remove from the
// table). Every write ends in `onChanged`, which reloads the page's data and reports what was done.

import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useApi } from '../../app/api.js';
import type { AsyncState } from '../../app/use-async.js';
import { ErrorNotice, Loading } from '../../ui/error-notice.js';
import { unlabelVersion, type HistoryEntry } from './detail-api.js';
import { DiffVersions } from './diff-versions.js';
import { HistoryTable } from './history-table.js';
import { LabelForm } from './version-labels.js';
import { RestoreDialog } from './version-restore.js';

export interface HistorySectionProps {
  name: string;
  history: AsyncState<HistoryEntry[]>;
  /** What the last write did, announced (role=status) under the heading. */
  status: string;
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** After a write: reload, report, and move focus to the heading unless `keepFocus`. */
  onChanged: (message: string, keepFocus?: boolean) => void;
}

export function HistorySection({ name, history, status, headingRef, onChanged }: HistorySectionProps) {
  const api = useApi();
  const [selected, setSelected] = useState<number[]>([]);
  const [comparing, setComparing] = useState<[number, number] | undefined>(undefined);
  const [restoring, setRestoring] = useState<HistoryEntry | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const compareHeading = useRef<HTMLHeadingElement>(null);
  const compareButton = useRef<HTMLButtonElement>(null);
  const entries = history.data ?? [];

  useEffect(() => {
    if (comparing) compareHeading.current?.focus();
  }, [comparing]);

  // Picking a third version drops the first picked: a comparison is of two.
  const toggle = (version: number) => setSelected((s) => (s.includes(version) ? s.filter((v) => v !== version) : [...s, version].slice(-2)));
  const compare = () => {
    const [a, b] = [...selected].sort((x, y) => x - y);
    if (a !== undefined && b !== undefined) setComparing([a, b]);
  };
  const unlabel = async (entry: HistoryEntry, label: string) => {
    setError(undefined);
    try {
      await unlabelVersion(api, name, entry.Version, [label]);
      onChanged(`Label ${label} removed from version ${entry.Version}.`);
    } catch (caught) {
      setError(caught);
    }
  };

  const left = comparing && entries.find((e) => e.Version === comparing[0]);
  const right = comparing && entries.find((e) => e.Version === comparing[1]);

  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading" ref={headingRef} tabIndex={-1}>
        History
      </h2>
      <p role="status" class="form-status" data-testid="history-status">
        {status}
      </p>
      <ErrorNotice error={error} action="removing the label" />
      {history.error ? (
        <ErrorNotice error={history.error} action="reading the history" />
      ) : !history.data ? (
        <Loading what="the history" />
      ) : (
        <>
          <div class="compare-bar">
            <button ref={compareButton} type="button" class="secondary" disabled={selected.length !== 2} onClick={compare}>
              Compare selected versions
            </button>
            <small>
              {selected.length === 2
                ? `Versions ${[...selected].sort((x, y) => x - y).join(' and ')} selected. Comparing shows both values.`
                : 'Pick two versions (the Compare boxes) to see their values side by side.'}
            </small>
          </div>
          <HistoryTable
            name={name}
            entries={entries}
            selected={selected}
            onToggle={toggle}
            onRestore={setRestoring}
            onUnlabel={(entry, label) => void unlabel(entry, label)}
          />
          {comparing && left && right ? (
            <section aria-labelledby="compare-heading" class="compare-section">
              <h3 id="compare-heading" ref={compareHeading} tabIndex={-1}>
                Version {left.Version} compared with version {right.Version}
              </h3>
              <DiffVersions name={name} left={left} right={right} />
              <button type="button" class="secondary outline" onClick={() => {
                  setComparing(undefined);
                  compareButton.current?.focus();
                }}
              >
                Close the comparison
              </button>
            </section>
          ) : null}
          <h3>Labels</h3>
          <LabelForm name={name} versions={entries.map((e) => e.Version)} onLabelled={(message) => onChanged(message, true)} />
        </>
      )}
      <RestoreDialog
        name={name}
        entry={restoring}
        latest={entries[0]?.Version}
        onCancel={() => setRestoring(undefined)}
        onRestored={(message) => {
          setRestoring(undefined);
          onChanged(message);
        }}
      />
    </section>
  );
}
