// Attaching labels to a version (LabelParameterVersion). A label names one version of a parameter, so
// attaching it moves it from any other. AWS answers success with the labels it refused listed in
// InvalidLabels (their rules: letters, digits, `.`, `-`, `_`; not starting with a digit, `aws` or
// `ssm`), which are reported as such; errors (ParameterVersionLabelLimitExceeded…) verbatim.

import { useRef, useState } from 'preact/hooks';
import { useApi } from '../../app/api.js';
import { ErrorNotice } from '../../ui/error-notice.js';
import { useAction } from '../../ui/use-action.js';
import { labelVersion } from './detail-api.js';

export interface LabelFormProps {
  name: string;
  /** Newest first; the first is preselected. */
  versions: number[];
  onLabelled: (message: string) => void;
}

export function LabelForm({ name, versions, onLabelled }: LabelFormProps) {
  const api = useApi();
  const [labels, setLabels] = useState('');
  const [chosen, setChosen] = useState<number | undefined>(undefined);
  const { busy, error, run } = useAction();
  const [invalid, setInvalid] = useState<string[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const version = chosen !== undefined && versions.includes(chosen) ? chosen : versions[0];

  const submit = async (event: Event) => {
    event.preventDefault();
    if (version === undefined) return;
    const list = labels.split(/[\s,]+/).filter((l) => l !== '');
    const outcome = await run(async () => {
      setInvalid([]);
      const { invalid: refused } = await labelVersion(api, name, version, list);
      setInvalid(refused);
      const attached = list.filter((l) => !refused.includes(l));
      if (attached.length > 0) {
        setLabels(refused.join(', '));
        onLabelled(`Label${attached.length === 1 ? '' : 's'} ${attached.join(', ')} attached to version ${version}.`);
      }
    });
    if (outcome.status !== 'skipped') input.current?.focus();
  };

  const hasProblem = invalid.length > 0;
  return (
    <form onSubmit={submit} noValidate class="label-form" aria-label="Attach labels">
      <div class="grid">
        <div>
          <label for="labels-input">Labels</label>
          <input
            ref={input}
            id="labels-input"
            name="labels"
            spellcheck={false}
            autocomplete="off"
            value={labels}
            onInput={(e) => setLabels(e.currentTarget.value)}
            aria-describedby={hasProblem ? 'labels-problem' : 'labels-hint'}
            {...(hasProblem ? { 'aria-invalid': 'true' as const } : {})}
          />
          {hasProblem ? (
            <small id="labels-problem" class="field-problem" data-testid="invalid-labels">
              InvalidLabels: {invalid.join(', ')}. AWS refused {invalid.length === 1 ? 'this label' : 'these labels'}: a label has only letters, digits, “.”, “-” and “_”, and
              does not start with a digit, “aws” or “ssm”.
            </small>
          ) : (
            <small id="labels-hint">One or more, separated by commas. A label already on another version moves to this one.</small>
          )}
        </div>
        <div>
          <label for="labels-version">Version</label>
          <select id="labels-version" name="labelVersion" value={version === undefined ? '' : String(version)} onChange={(e) => setChosen(Number(e.currentTarget.value))}>
            {versions.map((v, i) => (
              <option value={String(v)}>
                {v}
                {i === 0 ? ' (latest)' : ''}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorNotice error={error} action="attaching labels" />
      <button type="submit" aria-busy={busy} class="secondary">
        Attach labels
      </button>
    </form>
  );
}
