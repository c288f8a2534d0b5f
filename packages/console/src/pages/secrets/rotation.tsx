// A secret's rotation: whether it is on, the function (RotationLambdaARN), the schedule, the last
// and next rotation. "Rotate now" (RotateSecret, once a function is configured) starts a rotation
// and answers at once, as AWS's does; the page then watches DescribeSecret until the new version
// is AWSCURRENT (or a minute has passed) and reloads.

import { useEffect, useState } from 'preact/hooks';
import { useApi } from '../../app/api.js';
import { ConfirmBeforeWrite } from '../../ui/confirm-before-write.js';
import { DateTime } from '../../ui/date-time.js';
import { Facts } from '../../ui/facts.js';
import { useConfirm } from '../../ui/use-confirm.js';
import { describeRules, describeSecret, requestToken, type SecretDescription } from './sm.js';

type Progress = { versionId: string; state: 'running' | 'finished' | 'waiting' };

export function SecretRotation({ secret, onChanged }: { secret: SecretDescription; onChanged: () => void }) {
  const api = useApi();
  const confirm = useConfirm<'rotate'>();
  const [progress, setProgress] = useState<Progress | undefined>(undefined);
  const configured = secret.RotationLambdaARN !== undefined;

  useEffect(() => {
    if (progress?.state !== 'running') return;
    const controller = new AbortController();
    const started = Date.now();
    const watch = async () => {
      while (!controller.signal.aborted && Date.now() - started < 60_000) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        if (controller.signal.aborted) return;
        try {
          const now = await describeSecret(api, secret.ARN, controller.signal);
          if (now.VersionIdsToStages?.[progress.versionId]?.includes('AWSCURRENT')) {
            setProgress({ versionId: progress.versionId, state: 'finished' });
            onChanged();
            return;
          }
        } catch {
          // A failed look is not the rotation's failure: look again, until the minute is over.
        }
      }
      if (!controller.signal.aborted) {
        setProgress({ versionId: progress.versionId, state: 'waiting' });
        onChanged();
      }
    };
    void watch();
    return () => controller.abort();
  }, [progress?.versionId, progress?.state]);

  const rotate = () =>
    void confirm.run(async () => {
      const out = await api.json<{ VersionId?: string }>('secretsmanager', 'RotateSecret', { SecretId: secret.ARN, ClientRequestToken: requestToken() });
      setProgress({ versionId: out.VersionId ?? '', state: 'running' });
      onChanged();
    });

  const status = secret.RotationEnabled ? 'On' : configured ? 'Off' : 'Not set up';
  return (
    <section aria-labelledby="secret-rotation-title">
      <h2 id="secret-rotation-title">Rotation</h2>
      <Facts
        testId="secret-rotation"
        rows={[
          ['Rotation', status],
          ['Rotation function', secret.RotationLambdaARN ? <code>{secret.RotationLambdaARN}</code> : '—'],
          ['Schedule', describeRules(secret.RotationRules)],
          ['Last rotated', <DateTime value={secret.LastRotatedDate} />],
          ['Next rotation', <DateTime value={secret.NextRotationDate} />],
        ]}
      />
      {configured ? (
        <button type="button" onClick={() => confirm.ask('rotate')} disabled={progress?.state === 'running'} aria-busy={progress?.state === 'running' ? 'true' : undefined}>
          Rotate now
        </button>
      ) : (
        <p>
          <small>No rotation function is configured for this secret (RotateSecret with a RotationLambdaARN sets one up).</small>
        </p>
      )}
      <p role="status" class="form-status" data-testid="rotation-progress">
        {progress?.state === 'running' ? `Rotation started: version ${progress.versionId} is AWSPENDING until the function finishes…` : ''}
        {progress?.state === 'finished' ? `Rotated: version ${progress.versionId} is now AWSCURRENT.` : ''}
        {progress?.state === 'waiting' ? `The rotation to version ${progress.versionId} has not finished after a minute; refresh the page later to see how it ended.` : ''}
      </p>
      <ConfirmBeforeWrite
        open={confirm.open === 'rotate'}
        busy={confirm.busy}
        error={confirm.error}
        action="starting the rotation"
        title="Rotate this secret now?"
        confirmLabel="Rotate now"
        onConfirm={rotate}
        onCancel={confirm.cancel}
      >
        <p>
          The rotation function makes a new value and, once it has tested it, labels it AWSCURRENT; the current value becomes AWSPREVIOUS. Whatever
          reads the secret gets the new value from then on.
        </p>
      </ConfirmBeforeWrite>
    </section>
  );
}
