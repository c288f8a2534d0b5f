// Automatic rotation of a key's material: whether it is on, its period (90 to 2560 days, AWS's
// RotationPeriodInDays bounds, 365 by default) and next date (GetKeyRotationStatus), turning it on
// or off or changing the period (EnableKeyRotation with RotationPeriodInDays, DisableKeyRotation),
// and the rotations so far (ListKeyRotations). Old material is kept: rotation never stops anything
// from decrypting.

import { useEffect, useState } from 'preact/hooks';
import { useApi } from '../../app/api.js';
import { useAsync } from '../../app/use-async.js';
import { DateTime } from '../../ui/date-time.js';
import { ErrorNotice, Loading } from '../../ui/error-notice.js';
import { useAction } from '../../ui/use-action.js';
import { isAwsManaged, type KeyMetadata } from './kms.js';

interface RotationStatus {
  KeyRotationEnabled?: boolean;
  RotationPeriodInDays?: number;
  NextRotationDate?: number;
}

interface Rotation {
  KeyMaterialId?: string;
  RotationDate?: number;
  RotationType?: string;
  KeyMaterialState?: string;
}

export const DEFAULT_PERIOD = 365;

/** The period field's problem, or undefined when it is a whole number of days from 90 to 2560. */
export function rotationPeriodProblem(text: string): string | undefined {
  if (!/^\d+$/.test(text.trim())) return 'Enter a whole number of days, from 90 to 2560.';
  const days = Number(text);
  return days < 90 || days > 2560 ? 'The rotation period is from 90 to 2560 days.' : undefined;
}

async function loadRotations(api: ReturnType<typeof useApi>, keyId: string, signal: AbortSignal): Promise<Rotation[]> {
  const rotations: Rotation[] = [];
  let marker: string | undefined;
  do {
    const page = await api.json<{ Rotations?: Rotation[]; NextMarker?: string; Truncated?: boolean }>('kms', 'ListKeyRotations', { KeyId: keyId, Limit: 1000, ...(marker ? { Marker: marker } : {}) }, signal);
    rotations.push(...(page.Rotations ?? []));
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return rotations;
}

export function KeyRotation({ metadata }: { metadata: KeyMetadata }) {
  const api = useApi();
  const keyId = metadata.KeyId;
  const status = useAsync((signal) => api.json<RotationStatus>('kms', 'GetKeyRotationStatus', { KeyId: keyId }, signal), [api, keyId]);
  const rotations = useAsync((signal) => loadRotations(api, keyId, signal), [api, keyId]);
  const [period, setPeriod] = useState(String(DEFAULT_PERIOD));
  const { busy, error, run } = useAction();
  const [done, setDone] = useState<string | undefined>(undefined);
  const enabled = status.data?.KeyRotationEnabled === true;
  const changeable = !isAwsManaged(metadata);

  useEffect(() => {
    if (status.data) setPeriod(String(status.data.RotationPeriodInDays ?? DEFAULT_PERIOD));
  }, [status.data]);

  const problem = rotationPeriodProblem(period);
  const change = async (operation: 'EnableKeyRotation' | 'DisableKeyRotation', message: string) => {
    if (operation === 'EnableKeyRotation' && problem) return;
    await run(async () => {
      setDone(undefined);
      await api.json('kms', operation, operation === 'EnableKeyRotation' ? { KeyId: keyId, RotationPeriodInDays: Number(period) } : { KeyId: keyId });
      setDone(message);
      status.reload();
    });
  };

  return (
    <section aria-labelledby="key-rotation-title">
      <h2 id="key-rotation-title">Rotation</h2>
      <ErrorNotice error={status.error} action="reading the rotation status" />
      {status.loading && !status.data ? <Loading what="the rotation status" /> : null}
      {status.data ? (
        <p data-testid="rotation-status">
          Automatic rotation is <strong>{enabled ? 'on' : 'off'}</strong>
          {enabled ? (
            <>
              : every {status.data.RotationPeriodInDays ?? DEFAULT_PERIOD} days, next on <DateTime value={status.data.NextRotationDate} />.
            </>
          ) : (
            '.'
          )}
        </p>
      ) : null}
      {status.data && changeable ? (
        <form
          class="rotation-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void change('EnableKeyRotation', enabled ? 'The rotation period is saved.' : 'Automatic rotation is on.');
          }}
        >
          <label>
            Rotation period (days)
            <input
              type="number"
              inputMode="numeric"
              min={90}
              max={2560}
              value={period}
              onInput={(e) => setPeriod(e.currentTarget.value)}
              aria-invalid={problem ? 'true' : undefined}
              aria-describedby="rotation-period-help"
            />
            <small id="rotation-period-help">{problem ?? 'From 90 to 2560 days; AWS’s default is 365.'}</small>
          </label>
          <div role="group" class="key-actions">
            <button type="submit" disabled={busy || problem !== undefined} aria-busy={busy ? 'true' : undefined}>
              {enabled ? 'Save rotation period' : 'Enable automatic rotation'}
            </button>
            {enabled ? (
              <button type="button" class="secondary" disabled={busy} onClick={() => void change('DisableKeyRotation', 'Automatic rotation is off.')}>
                Disable automatic rotation
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
      {done ? (
        <p class="notice notice-info" role="status">
          {done}
        </p>
      ) : null}
      <ErrorNotice error={error} action="changing the rotation" />
      <h3>Rotations so far</h3>
      <ErrorNotice error={rotations.error} action="listing the rotations" />
      {rotations.data && rotations.data.length === 0 ? <p>The key has not been rotated: it still has its first key material.</p> : null}
      {rotations.data && rotations.data.length > 0 ? (
        <table class="striped" data-testid="key-rotations">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Type</th>
              <th scope="col">Material</th>
            </tr>
          </thead>
          <tbody>
            {rotations.data.map((r) => (
              <tr>
                <td>
                  <DateTime value={r.RotationDate} />
                </td>
                <td>{r.RotationType ?? '—'}</td>
                <td>{r.KeyMaterialState === 'CURRENT' ? 'Current' : 'Previous'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
