// A resource's tags: a table with a Remove button per tag, and a form adding one (a key that exists
// gets the new value, as every AWS tagging API does). The caller makes the calls (SSM's
// AddTagsToResource, Secrets Manager's TagResource…) and reloads; errors are shown verbatim, at the
// key or value field when AWS's message names the member (`… at 'tags.1.member.key' …`).

import { useId, useRef, useState } from 'preact/hooks';
import { describeError, ErrorNotice } from './error-notice.js';
import { useAction } from './use-action.js';

export interface Tag {
  Key: string;
  Value: string;
}

export interface TagEditorProps {
  tags: Tag[];
  /** Names the resource in the table's caption and the buttons: "this parameter". */
  resource: string;
  onAdd: (tag: Tag) => Promise<void>;
  onRemove: (key: string) => Promise<void>;
}

type Field = 'key' | 'value';

/** The field an AWS validation message is about, when it names a tag's key or value. */
export function tagFieldOf(message: string): Field | undefined {
  const member = /at '(?:tags|tagList|Tags)\.\d+\.member\.(key|value)'/i.exec(message)?.[1]?.toLowerCase();
  return member === 'key' || member === 'value' ? member : undefined;
}

export function TagEditor({ tags, resource, onAdd, onRemove }: TagEditorProps) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const action = useAction();
  const { busy, error } = action;
  const [status, setStatus] = useState('');
  const keyInput = useRef<HTMLInputElement>(null);
  const valueInput = useRef<HTMLInputElement>(null);
  const id = `tags-${useId()}`;

  const problem = error === undefined ? undefined : describeError(error);
  const field = problem ? tagFieldOf(problem.message) : undefined;

  const run = async (write: () => Promise<void>, done: string) => {
    const outcome = await action.run(async () => {
      setStatus('');
      await write();
    });
    if (outcome.status === 'done') setStatus(done);
    if (outcome.status === 'failed') {
      const at = outcome.error instanceof Error ? tagFieldOf(outcome.error.message) : undefined;
      (at === 'value' ? valueInput : keyInput).current?.focus();
    }
    return outcome.status === 'done';
  };

  const add = async (event: Event) => {
    event.preventDefault();
    const tag = { Key: key, Value: value };
    if (await run(() => onAdd(tag), `Tag ${tag.Key} set.`)) {
      setKey('');
      setValue('');
      keyInput.current?.focus();
    }
  };
  const remove = async (tagKey: string) => {
    if (await run(() => onRemove(tagKey), `Tag ${tagKey} removed.`)) keyInput.current?.focus();
  };

  const invalid = (name: Field) => (field === name ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${id}-${name}-problem` } : {});
  const fieldProblem = (name: Field) => (field === name && problem ? <small id={`${id}-${name}-problem`}>{problem.message}</small> : null);

  return (
    <div class="tag-editor">
      {tags.length === 0 ? (
        <p>No tags on {resource}.</p>
      ) : (
        <table class="tag-table">
          <caption class="visually-hidden">Tags on {resource}</caption>
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Value</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tags.map((tag) => (
              <tr>
                <th scope="row">{tag.Key}</th>
                <td>{tag.Value}</td>
                <td>
                  <button type="button" class="secondary outline small-button" aria-label={`Remove tag ${tag.Key}`} onClick={() => void remove(tag.Key)}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form onSubmit={add} noValidate class="tag-form">
        <div class="grid">
          <div>
            <label for={`${id}-key`}>Tag key</label>
            <input ref={keyInput} id={`${id}-key`} name="tagKey" spellcheck={false} autocomplete="off" value={key} onInput={(e) => setKey(e.currentTarget.value)} {...invalid('key')} />
            {fieldProblem('key')}
          </div>
          <div>
            <label for={`${id}-value`}>Tag value</label>
            <input ref={valueInput} id={`${id}-value`} name="tagValue" spellcheck={false} autocomplete="off" value={value} onInput={(e) => setValue(e.currentTarget.value)} {...invalid('value')} />
            {fieldProblem('value')}
          </div>
        </div>
        {field === undefined ? <ErrorNotice error={error} action="changing tags" /> : null}
        <button type="submit" aria-busy={busy}>
          Add tag
        </button>
        <p role="status" class="form-status">
          {status}
        </p>
      </form>
    </div>
  );
}
