// A policy document, shown formatted, and (when the page gives `onSave`) edited in place: every
// keystroke is checked (JSON syntax with its line and column, then the basic IAM grammar for the
// kind of policy), Save stays off while there is an error, and a refusal by the server (AWS's
// MalformedPolicyDocument…) is shown verbatim under the editor. Used for KMS key policies and IAM
// policies alike: `kind` says which grammar applies.

import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ErrorNotice } from './error-notice.js';
import { canSave, checkPolicy, describeProblem, prettyPolicy, type PolicyKind } from './policy-grammar.js';
import { useAction } from './use-action.js';

export interface PolicyDocumentProps {
  /** The document as the service returned it (already URL-decoded for IAM). */
  document: string;
  kind: PolicyKind;
  /** Names the document for labels and messages: "Key policy", "Inline policy app-read". */
  label: string;
  /** Saves the edited text (pretty-printed as typed); throws the service's error. Absent: read-only. */
  onSave?: (text: string) => Promise<void>;
  /** Why there is no Edit button, when that is worth saying (an AWS managed key). */
  readOnlyReason?: string;
  /** A prefix for element ids, unique on the page. */
  id: string;
}

export function PolicyDocument({ document, kind, label, onSave, readOnlyReason, id }: PolicyDocumentProps) {
  const pretty = useMemo(() => prettyPolicy(document), [document]);
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const { busy: saving, error: saveError, run, clearError } = useAction();
  const [saved, setSaved] = useState(false);
  const editor = useRef<HTMLTextAreaElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const focusEdit = useRef(false);
  const check = useMemo(() => (draft === undefined ? undefined : checkPolicy(draft, kind)), [draft, kind]);

  useEffect(() => {
    if (draft !== undefined) editor.current?.focus();
  }, [draft === undefined]);
  useEffect(() => {
    // Back from editing: the Edit button takes the focus, so the keyboard user is where they were.
    if (draft === undefined && focusEdit.current) {
      focusEdit.current = false;
      editButton.current?.focus();
    }
  }, [draft === undefined]);

  const start = () => {
    setSaved(false);
    clearError();
    setDraft(pretty);
  };
  const cancel = () => {
    focusEdit.current = true;
    clearError();
    setDraft(undefined);
  };
  const save = async (event: Event) => {
    event.preventDefault();
    if (draft === undefined || !onSave || !check || !canSave(check)) return;
    await run(async () => {
      await onSave(draft);
      focusEdit.current = true;
      setSaved(true);
      setDraft(undefined);
    });
  };

  if (draft === undefined || check === undefined) {
    return (
      <div class="policy-document">
        <pre class="policy-json" tabIndex={0} aria-label={label} data-testid={`${id}-view`}>
          <code>{pretty}</code>
        </pre>
        {saved ? (
          <p class="notice notice-info" role="status">
            {label} saved.
          </p>
        ) : null}
        {onSave ? (
          <button type="button" class="secondary" ref={editButton} onClick={start}>
            Edit {label.toLowerCase()}
          </button>
        ) : readOnlyReason ? (
          <p>
            <small>{readOnlyReason}</small>
          </p>
        ) : null}
      </div>
    );
  }

  const errors = check.problems.filter((p) => p.severity === 'error');
  const warnings = check.problems.filter((p) => p.severity === 'warning');
  const problemId = `${id}-problems`;
  return (
    <form class="policy-document policy-editor" onSubmit={save} noValidate>
      <label for={`${id}-editor`}>{label} (JSON)</label>
      <textarea
        id={`${id}-editor`}
        ref={editor}
        class="policy-textarea"
        rows={Math.min(30, Math.max(8, draft.split('\n').length + 1))}
        spellcheck={false}
        autocomplete="off"
        value={draft}
        onInput={(e) => {
          setSaved(false);
          setDraft(e.currentTarget.value);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') cancel();
        }}
        aria-invalid={errors.length > 0 ? 'true' : 'false'}
        aria-describedby={problemId}
      />
      <div id={problemId} aria-live="polite">
        {errors.length === 0 && warnings.length === 0 ? <small class="policy-ok">Valid JSON and policy grammar.</small> : null}
        {check.problems.length > 0 ? (
          <ul class="policy-problems" data-testid={`${id}-problems`}>
            {check.problems.map((p) => (
              <li class={p.severity === 'error' ? 'policy-problem-error' : 'policy-problem-warning'}>
                <small>
                  {p.severity === 'error' ? 'Error' : 'Warning'}: {describeProblem(p)}
                </small>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <ErrorNotice error={saveError} action={`saving the ${label.toLowerCase()}`} />
      <div role="group" class="policy-actions">
        <button type="submit" disabled={!canSave(check) || saving} aria-busy={saving ? 'true' : undefined}>
          Save {label.toLowerCase()}
        </button>
        <button type="button" class="secondary" disabled={saving} onClick={() => setDraft(prettyPolicy(draft))}>
          Format
        </button>
        <button type="button" class="secondary outline" disabled={saving} onClick={cancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
