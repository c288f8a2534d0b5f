// A secret's versions (ListSecretVersionIds with IncludeDeprecated): each with its staging labels
// (AWSCURRENT, AWSPREVIOUS, AWSPENDING, custom ones), or "deprecated" when it has none (still
// readable by id until pruned), its dates and the KMS key it is sealed under. Newest first.

import { DateTime } from '../../ui/date-time.js';
import type { SecretVersion } from './sm.js';

const STAGE_ORDER = ['AWSCURRENT', 'AWSPENDING', 'AWSPREVIOUS'];

export function sortedStages(stages: readonly string[] | undefined): string[] {
  const rank = (s: string) => (STAGE_ORDER.includes(s) ? STAGE_ORDER.indexOf(s) : STAGE_ORDER.length);
  return [...(stages ?? [])].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export function Stages({ stages }: { stages: readonly string[] | undefined }) {
  const sorted = sortedStages(stages);
  if (sorted.length === 0) return <span class="stage stage-none">deprecated</span>;
  return (
    <>
      {sorted.map((s) => (
        <span class={s === 'AWSCURRENT' ? 'stage stage-current' : 'stage'}>{s}</span>
      ))}
    </>
  );
}

export function SecretVersions({ versions }: { versions: SecretVersion[] }) {
  const newestFirst = [...versions].sort((a, b) => (b.CreatedDate ?? 0) - (a.CreatedDate ?? 0));
  return (
    <section aria-labelledby="secret-versions-title">
      <h2 id="secret-versions-title">Versions</h2>
      {versions.length === 0 ? (
        <p>The secret has no version yet.</p>
      ) : (
        <div class="overflow-auto">
          <table class="striped" data-testid="secret-versions">
            <thead>
              <tr>
                <th scope="col">Version ID</th>
                <th scope="col">Staging labels</th>
                <th scope="col">Created</th>
                <th scope="col">Last accessed</th>
                <th scope="col">KMS key</th>
              </tr>
            </thead>
            <tbody>
              {newestFirst.map((v) => (
                <tr data-version-id={v.VersionId}>
                  <th scope="row">
                    <code>{v.VersionId}</code>
                  </th>
                  <td>
                    <Stages stages={v.VersionStages} />
                  </td>
                  <td>
                    <DateTime value={v.CreatedDate} />
                  </td>
                  <td>
                    <DateTime value={v.LastAccessedDate} precision="day" />
                  </td>
                  <td>{v.KmsKeyIds?.join(', ') ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
