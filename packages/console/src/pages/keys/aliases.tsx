// A key's aliases: the list, a new one (CreateAlias), and deleting one (DeleteAlias, after a
// confirmation: whatever names the key by that alias stops finding it). The name is checked as
// it is typed against AWS's rules for alias names, and the server's refusal is shown at the field.

import { useState } from 'preact/hooks';
import { useApi } from '../../app/api.js';
import { ConfirmBeforeWrite } from '../../ui/confirm-before-write.js';
import { DateTime } from '../../ui/date-time.js';
import { errorLine } from '../../ui/error-notice.js';
import { useAction } from '../../ui/use-action.js';
import { useConfirm } from '../../ui/use-confirm.js';
import { isAwsManaged, type AliasEntry, type KeyMetadata } from './kms.js';

/** AWS's rules for AliasName: `alias/` then 1 to 250 of letters, digits, `/_-`, not under `alias/aws/`. */
export function aliasNameProblem(name: string): string | undefined {
  if (!name.startsWith('alias/')) return 'An alias name starts with "alias/".';
  const rest = name.slice('alias/'.length);
  if (rest.length === 0) return 'Enter a name after "alias/".';
  if (name.length > 256) return 'An alias name is at most 256 characters.';
  if (!/^[a-zA-Z0-9/_-]+$/.test(rest)) return 'Use only letters, digits, "/", "_" and "-".';
  if (/^aws\//i.test(rest)) return 'Names under "alias/aws/" are reserved for AWS managed keys.';
  return undefined;
}

export function KeyAliases({ metadata, aliases, onChanged }: { metadata: KeyMetadata; aliases: AliasEntry[]; onChanged: () => void }) {
  const api = useApi();
  const [name, setName] = useState('alias/');
  const [touched, setTouched] = useState(false);
  const action = useAction();
  const serverProblem = action.error === undefined ? undefined : errorLine(action.error);
  const confirm = useConfirm<'delete'>();
  const [deleting, setDeleting] = useState<string | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const changeable = !isAwsManaged(metadata);
  const problem = touched ? (aliasNameProblem(name) ?? serverProblem) : undefined;

  const create = async (event: Event) => {
    event.preventDefault();
    setTouched(true);
    if (aliasNameProblem(name)) return;
    await action.run(async () => {
      setDone(undefined);
      await api.json('kms', 'CreateAlias', { AliasName: name, TargetKeyId: metadata.KeyId });
      setDone(`${name} now names this key.`);
      setName('alias/');
      setTouched(false);
      onChanged();
    });
  };

  return (
    <section aria-labelledby="key-aliases-title">
      <h2 id="key-aliases-title">Aliases</h2>
      {aliases.length === 0 ? (
        <p>The key has no alias.</p>
      ) : (
        <table class="striped" data-testid="key-aliases">
          <thead>
            <tr>
              <th scope="col">Alias</th>
              <th scope="col">Created</th>
              {changeable ? <th scope="col"><span class="visually-hidden">Actions</span></th> : null}
            </tr>
          </thead>
          <tbody>
            {aliases.map((a) => (
              <tr>
                <th scope="row">{a.AliasName}</th>
                <td>
                  <DateTime value={a.CreationDate} />
                </td>
                {changeable ? (
                  <td>
                    <button type="button" class="secondary outline small-button" onClick={() => {
                        setDeleting(a.AliasName);
                        confirm.ask('delete');
                      }} aria-label={`Delete alias ${a.AliasName}`}>
                      Delete
                    </button>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {done ? (
        <p class="notice notice-info" role="status">
          {done}
        </p>
      ) : null}
      {changeable ? (
        <form class="alias-form" onSubmit={create} noValidate>
          <label>
            New alias
            <input
              name="aliasName"
              spellcheck={false}
              autocomplete="off"
              value={name}
              onInput={(e) => {
                setName(e.currentTarget.value);
                action.clearError();
                setTouched(true);
              }}
              aria-invalid={problem ? 'true' : undefined}
              aria-describedby="alias-help"
            />
            <small id="alias-help">{problem ?? 'alias/ followed by letters, digits, "/", "_" or "-".'}</small>
          </label>
          <button type="submit" disabled={action.busy} aria-busy={action.busy ? 'true' : undefined}>
            Create alias
          </button>
        </form>
      ) : null}
      <ConfirmBeforeWrite
        open={confirm.open === 'delete'}
        busy={confirm.busy}
        error={confirm.error}
        action="deleting the alias"
        title="Delete this alias?"
        confirmLabel="Delete alias"
        onConfirm={() =>
          void confirm.run(async () => {
            await api.json('kms', 'DeleteAlias', { AliasName: deleting });
            setDone(`${deleting ?? ''} is deleted.`);
            onChanged();
          })
        }
        onCancel={confirm.cancel}
      >
        <p>
          <code>{deleting}</code> will no longer name this key: anything that names the key by this alias (a parameter’s KeyId, a secret’s KmsKeyId, an
          application) will fail to find it. The key itself stays.
        </p>
      </ConfirmBeforeWrite>
    </section>
  );
}
