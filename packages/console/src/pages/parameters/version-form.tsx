// A new version of the parameter: PutParameter with Overwrite. The form starts from the current
// metadata (and a String's current value; a SecureString's is never put in a form unasked) and sends
// what changed, so members left alone keep their values as AWS's overwrite does. AWS's error text is
// shown verbatim at the field it concerns (version-errors.ts), or at the form.

import { useRef, useState } from 'preact/hooks';
import { useApi } from '../../app/api.js';
import { describeError, ErrorNotice } from '../../ui/error-notice.js';
import { useAction } from '../../ui/use-action.js';
import { isSecure, putVersion, type NewVersion, type ParameterMetadata } from './detail-api.js';
import { fieldsOf, type VersionField } from './version-errors.js';

const TYPES = ['String', 'StringList', 'SecureString'];
const DATA_TYPES = ['text', 'aws:ec2:image', 'aws:ssm:integration'];

export interface VersionFormProps {
  name: string;
  metadata: ParameterMetadata;
  /** A String's or StringList's current value, to edit from; never a SecureString's. */
  currentValue?: string;
  onWritten: (version: number) => void;
}

type Values = Record<VersionField, string>;

export function VersionForm({ name, metadata, currentValue, onWritten }: VersionFormProps) {
  const api = useApi();
  const initial: Values = {
    type: metadata.Type,
    value: isSecure(metadata.Type) ? '' : (currentValue ?? ''),
    keyId: metadata.KeyId ?? '',
    description: metadata.Description ?? '',
    allowedPattern: metadata.AllowedPattern ?? '',
    dataType: metadata.DataType ?? 'text',
  };
  const [values, setValues] = useState<Values>(initial);
  const { busy, error, run } = useAction();
  const inputs = useRef<Partial<Record<VersionField, HTMLElement | null>>>({});

  const fields = fieldsOf(error);
  const message = error === undefined ? '' : describeError(error).message || describeError(error).code;
  const set = (field: VersionField) => (event: { currentTarget: { value: string } }) => setValues((v) => ({ ...v, [field]: event.currentTarget.value }));

  const submit = async (event: Event) => {
    event.preventDefault();
    const request: NewVersion = { Value: values.value, Type: values.type };
    if (isSecure(values.type) && values.keyId.trim() !== '') request.KeyId = values.keyId.trim();
    // Only what changed: an empty text clears a description or pattern; an untouched one is inherited.
    if (values.description !== initial.description) request.Description = values.description;
    if (values.allowedPattern !== initial.allowedPattern) request.AllowedPattern = values.allowedPattern;
    if (values.dataType !== initial.dataType) request.DataType = values.dataType;
    const outcome = await run(async () => onWritten(await putVersion(api, name, request)));
    const first = outcome.status === 'failed' ? fieldsOf(outcome.error)[0] : undefined;
    if (first) inputs.current[first]?.focus();
  };

  /** aria-invalid and the error's id on a field it concerns; the hint's id otherwise. */
  const attrs = (field: VersionField, hint?: boolean) => ({
    id: `version-${field}`,
    name: field,
    ref: (element: HTMLElement | null) => {
      inputs.current[field] = element;
    },
    ...(fields.includes(field)
      ? { 'aria-invalid': 'true' as const, 'aria-describedby': `version-${field}-problem` }
      : hint
        ? { 'aria-describedby': `version-${field}-hint` }
        : {}),
  });
  const note = (field: VersionField, hint?: string) =>
    fields.includes(field) ? (
      <small id={`version-${field}-problem`} class="field-problem">
        {message}
      </small>
    ) : hint ? (
      <small id={`version-${field}-hint`}>{hint}</small>
    ) : null;

  return (
    <form onSubmit={submit} noValidate class="version-form" aria-label={`New version of ${name}`}>
      <label for="version-type">Type</label>
      <select {...attrs('type')} value={values.type} onChange={set('type')}>
        {TYPES.map((t) => (
          <option value={t}>{t}</option>
        ))}
      </select>
      {note('type')}
      <label for="version-value">Value</label>
      <textarea {...attrs('value', true)} rows={4} spellcheck={false} autocomplete="off" value={values.value} onInput={set('value')} />
      {note('value', isSecure(metadata.Type) ? 'The current value is not shown here: type the new one.' : 'The new version’s whole value.')}
      {isSecure(values.type) ? (
        <>
          <label for="version-keyId">KMS key</label>
          <input {...attrs('keyId', true)} spellcheck={false} autocomplete="off" placeholder="alias/aws/ssm" value={values.keyId} onInput={set('keyId')} />
          {note('keyId', 'A key ID, ARN or alias. Empty: the AWS managed key alias/aws/ssm.')}
        </>
      ) : null}
      <label for="version-description">Description</label>
      <input {...attrs('description')} autocomplete="off" value={values.description} onInput={set('description')} />
      {note('description')}
      <label for="version-allowedPattern">Allowed pattern</label>
      <input {...attrs('allowedPattern', true)} spellcheck={false} autocomplete="off" value={values.allowedPattern} onInput={set('allowedPattern')} />
      {note('allowedPattern', 'A regular expression the whole value must match, such as ^[0-9]+$. Empty: none.')}
      <label for="version-dataType">Data type</label>
      <select {...attrs('dataType')} value={values.dataType} onChange={set('dataType')}>
        {DATA_TYPES.map((t) => (
          <option value={t}>{t}</option>
        ))}
      </select>
      {note('dataType')}
      {fields.length === 0 ? <ErrorNotice error={error} action="writing the new version" /> : null}
      <button type="submit" aria-busy={busy}>
        Write new version
      </button>
    </form>
  );
}
