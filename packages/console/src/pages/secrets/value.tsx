// The secret's value: masked until "Reveal", which reads the chosen version (by staging label or
// version id) with GetSecretValue: a read like any other, authorized and audited, and AWS's
// AccessDenied shown verbatim if refused. Choosing another version hides the value again. Below,
// a new value (PutSecretValue): it becomes AWSCURRENT, and the previous current version
// AWSPREVIOUS. The typed value lives in this form's state only, and is cleared once saved.

import { useState } from 'preact/hooks';
import { useApi } from '../../app/api.js';
import { errorLine } from '../../ui/error-notice.js';
import { MaskedValue } from '../../ui/masked-value.js';
import { useAction } from '../../ui/use-action.js';
import { requestToken, secretValueProblem, type SecretDescription, type SecretVersion } from './sm.js';
import { sortedStages } from './versions.js';

interface Choice {
  value: string;
  label: string;
  /** The version it reads now: a label moves, and the shown value must not outlive the move. */
  versionId: string;
  /** Words for the reveal button: "the value of AWSCURRENT". */
  what: string;
}

export function versionChoices(versions: readonly SecretVersion[]): { stages: Choice[]; ids: Choice[] } {
  const stages: Choice[] = [];
  for (const version of versions) {
    for (const stage of sortedStages(version.VersionStages)) {
      stages.push({ value: `stage:${stage}`, versionId: version.VersionId, label: `${stage} (version ${version.VersionId.slice(0, 8)}…)`, what: `the value of ${stage}` });
    }
  }
  const rank = (c: Choice) => ['stage:AWSCURRENT', 'stage:AWSPREVIOUS', 'stage:AWSPENDING'].indexOf(c.value) >>> 0;
  stages.sort((a, b) => rank(a) - rank(b) || a.value.localeCompare(b.value));
  const ids = [...versions]
    .sort((a, b) => (b.CreatedDate ?? 0) - (a.CreatedDate ?? 0))
    .map((v) => ({ value: `id:${v.VersionId}`, versionId: v.VersionId, label: `${v.VersionId}${v.VersionStages?.length ? '' : ' (deprecated)'}`, what: `the value of version ${v.VersionId}` }));
  return { stages, ids };
}

function NewValue({ secret, onChanged }: { secret: SecretDescription; onChanged: () => void }) {
  const api = useApi();
  const [value, setValue] = useState('');
  const [touched, setTouched] = useState(false);
  const action = useAction();
  const serverProblem = action.error === undefined ? undefined : errorLine(action.error);
  const [done, setDone] = useState<string | undefined>(undefined);
  const localProblem = secretValueProblem(value);
  const problem = touched ? (localProblem ?? serverProblem) : undefined;

  const save = async (event: Event) => {
    event.preventDefault();
    setTouched(true);
    setDone(undefined);
    if (localProblem) return;
    await action.run(async () => {
      const out = await api.json<{ VersionId?: string }>('secretsmanager', 'PutSecretValue', { SecretId: secret.ARN, SecretString: value, ClientRequestToken: requestToken() });
      setValue('');
      setTouched(false);
      setDone(`Saved: version ${out.VersionId ?? ''} is now AWSCURRENT.`);
      onChanged();
    });
  };

  return (
    <form class="secret-new-value" onSubmit={save} noValidate>
      <h3>New value</h3>
      <label for="secret-new-value">New value (becomes AWSCURRENT)</label>
      <textarea
        id="secret-new-value"
        rows={4}
        spellcheck={false}
        autocomplete="off"
        value={value}
        onInput={(e) => {
          setValue(e.currentTarget.value);
          action.clearError();
          setDone(undefined);
        }}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby="secret-new-value-help"
      />
      <small id="secret-new-value-help" data-testid="secret-new-value-help">
        {problem ?? 'Up to 65,536 characters: text, or JSON such as {"username": "app", "password": "…"}.'}
      </small>
      <button type="submit" disabled={action.busy} aria-busy={action.busy ? 'true' : undefined}>
        Save new value
      </button>
      {done ? (
        <p class="notice notice-info" role="status">
          {done}
        </p>
      ) : null}
    </form>
  );
}

export function SecretValue({ secret, versions, onChanged }: { secret: SecretDescription; versions: SecretVersion[]; onChanged: () => void }) {
  const api = useApi();
  const { stages, ids } = versionChoices(versions);
  const [chosen, setChosen] = useState('stage:AWSCURRENT');
  const all = [...stages, ...ids];
  const choice = all.find((c) => c.value === chosen) ?? all[0];

  const reveal = async (signal: AbortSignal) => {
    if (!choice) throw new Error('The secret has no version to reveal.');
    const [kind, id] = [choice.value.slice(0, choice.value.indexOf(':')), choice.value.slice(choice.value.indexOf(':') + 1)];
    const input = { SecretId: secret.ARN, ...(kind === 'stage' ? { VersionStage: id } : { VersionId: id }) };
    const out = await api.json<{ SecretString?: string; SecretBinary?: string }>('secretsmanager', 'GetSecretValue', input, signal);
    if (out.SecretString !== undefined) return out.SecretString;
    return `(binary value, base64) ${out.SecretBinary ?? ''}`;
  };

  return (
    <section aria-labelledby="secret-value-title">
      <h2 id="secret-value-title">Value</h2>
      {choice ? (
        <>
          <label for="secret-version-choice">Version to reveal</label>
          <select id="secret-version-choice" value={choice.value} onChange={(e) => setChosen(e.currentTarget.value)}>
            {stages.length > 0 ? (
              <optgroup label="By staging label">
                {stages.map((c) => (
                  <option value={c.value}>{c.label}</option>
                ))}
              </optgroup>
            ) : null}
            <optgroup label="By version ID">
              {ids.map((c) => (
                <option value={c.value}>{c.label}</option>
              ))}
            </optgroup>
          </select>
          {/* Keyed by the version read: another choice, or a label moved by a new value, starts masked. */}
          <MaskedValue key={`${choice.value} ${choice.versionId}`} what={choice.what} reveal={reveal} />
        </>
      ) : (
        <p>The secret has no version yet.</p>
      )}
      <NewValue secret={secret} onChanged={onChanged} />
    </section>
  );
}
