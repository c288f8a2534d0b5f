// The Keys list: every KMS key of the account with its aliases, state, description, spec and
// usage, creation date and who manages it. Customer managed keys come first; AWS managed keys
// (aws/ssm…) are marked. A key the signed-in identity may not describe keeps its row, with the
// refusal's code.

import { useApi } from '../../app/api.js';
import { href } from '../../app/router.js';
import { useAsync } from '../../app/use-async.js';
import { DateTime } from '../../ui/date-time.js';
import { describeError, ErrorNotice, Loading } from '../../ui/error-notice.js';
import { isAwsManaged, loadKeyRows, stateLabel, type KeyRow } from './kms.js';

export function KeyState({ state }: { state: string | undefined }) {
  const tone = state === 'Enabled' ? 'enabled' : state === 'PendingDeletion' ? 'deleting' : 'other';
  return <span class={`key-state key-state-${tone}`}>{stateLabel(state)}</span>;
}

function Row({ row }: { row: KeyRow }) {
  const m = row.metadata;
  const title = row.aliases[0] ?? row.keyId;
  return (
    <tr data-key-id={row.keyId}>
      <th scope="row">
        <a href={href('keys', [row.keyId])}>{title}</a>
        {row.aliases.length > 0 ? (
          <>
            <br />
            <small class="key-id">{row.keyId}</small>
          </>
        ) : null}
      </th>
      <td>{row.aliases.length > 0 ? row.aliases.join(', ') : '—'}</td>
      <td>{m ? <KeyState state={m.KeyState} /> : <code>{describeError(row.error).code}</code>}</td>
      <td>{m?.Description || '—'}</td>
      <td>
        {m ? (
          <>
            {m.KeySpec ?? '—'}
            <br />
            <small>{m.KeyUsage ?? ''}</small>
          </>
        ) : (
          '—'
        )}
      </td>
      <td>
        <DateTime value={m?.CreationDate} />
      </td>
      <td>{isAwsManaged(m) ? <span class="badge badge-aws">AWS managed</span> : m ? 'Customer' : '—'}</td>
    </tr>
  );
}

export function KeyList() {
  const api = useApi();
  const keys = useAsync((signal) => loadKeyRows(api, signal), [api]);
  return (
    <section aria-labelledby="keys-title">
      <hgroup>
        <h1 id="keys-title">Keys</h1>
        <p>KMS keys of account {api.session.account} in {api.session.region}.</p>
      </hgroup>
      <ErrorNotice error={keys.error} action="listing keys" />
      {keys.loading && !keys.data ? <Loading what="keys" /> : null}
      {keys.data ? (
        keys.data.length === 0 ? (
          <p>This account has no KMS keys.</p>
        ) : (
          <div class="overflow-auto">
            <table class="striped" data-testid="key-list">
              <caption class="visually-hidden">KMS keys, customer managed first</caption>
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Aliases</th>
                  <th scope="col">State</th>
                  <th scope="col">Description</th>
                  <th scope="col">Spec and usage</th>
                  <th scope="col">Created</th>
                  <th scope="col">Managed by</th>
                </tr>
              </thead>
              <tbody>
                {keys.data.map((row) => (
                  <Row row={row} />
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      <button type="button" class="secondary outline" onClick={keys.reload} disabled={keys.loading}>
        Refresh
      </button>
    </section>
  );
}
