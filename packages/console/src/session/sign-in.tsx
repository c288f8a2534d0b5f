// Sign-in: a long-term access key pair, exchanged at once for temporary credentials (GetSessionToken,
// or AssumeRole into a chosen role). The key pair lives only in this form's state and is cleared
// whatever the outcome; the page never submits the form anywhere (no action, no GET with a query).

import { useState } from 'preact/hooks';
import { ErrorNotice } from '../ui/error-notice.js';
import { useAction } from '../ui/use-action.js';
import { checkSignIn, signIn, type Session, type SignInRequest } from './session.js';

const DURATIONS = [
  { seconds: 3600, label: '1 hour' },
  { seconds: 14400, label: '4 hours' },
  { seconds: 43200, label: '12 hours' },
];

export function SignIn({ onSignedIn, notice }: { onSignedIn: (session: Session) => void; notice?: string }) {
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secretAccessKey, setSecretAccessKey] = useState('');
  const [region, setRegion] = useState('us-east-1');
  const [roleArn, setRoleArn] = useState('');
  const [durationSeconds, setDuration] = useState(3600);
  const [problems, setProblems] = useState<Partial<Record<keyof SignInRequest, string>>>({});
  const { busy, error, run, clearError } = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    const request: SignInRequest = { accessKeyId: accessKeyId.trim(), secretAccessKey, region: region.trim(), durationSeconds, ...(roleArn.trim() ? { roleArn: roleArn.trim() } : {}) };
    const found = checkSignIn(request);
    setProblems(found);
    clearError();
    if (Object.keys(found).length > 0) {
      // Focus the first field to fix, once it shows its message.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('.sign-in [aria-invalid="true"]')?.focus());
      return;
    }
    const outcome = await run(async () => onSignedIn(await signIn(request)));
    // The long-term secret is not kept, whether or not it worked.
    if (outcome.status !== 'skipped') setSecretAccessKey('');
  };

  const field = (name: keyof SignInRequest) => (problems[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `${name}-problem` } : {});
  const problem = (name: keyof SignInRequest) => (problems[name] ? <small id={`${name}-problem`}>{problems[name]}</small> : null);

  return (
    <main class="container sign-in" id="main">
      <h1>Kura console</h1>
      {notice ? (
        <p class="notice notice-info" role="status">
          {notice}
        </p>
      ) : null}
      <form onSubmit={submit} noValidate>
        <label>
          Access key ID
          <input name="accessKeyId" autocomplete="username" spellcheck={false} value={accessKeyId} onInput={(e) => setAccessKeyId(e.currentTarget.value)} {...field('accessKeyId')} />
          {problem('accessKeyId')}
        </label>
        <label>
          Secret access key
          <input name="secretAccessKey" type="password" autocomplete="current-password" value={secretAccessKey} onInput={(e) => setSecretAccessKey(e.currentTarget.value)} {...field('secretAccessKey')} />
          {problem('secretAccessKey')}
        </label>
        <label>
          Region
          <input name="region" spellcheck={false} value={region} onInput={(e) => setRegion(e.currentTarget.value)} {...field('region')} />
          {problem('region')}
        </label>
        <label>
          Role to assume (optional)
          <input name="roleArn" spellcheck={false} placeholder="arn:aws:iam::000000000000:role/name" value={roleArn} onInput={(e) => setRoleArn(e.currentTarget.value)} {...field('roleArn')} />
          {problem('roleArn') ?? <small>Without a role, the key is exchanged with GetSessionToken. IAM refuses such credentials (as AWS does without MFA): to use Access, assume a role.</small>}
        </label>
        <label>
          Session length
          <select name="duration" value={String(durationSeconds)} onChange={(e) => setDuration(Number(e.currentTarget.value))}>
            {DURATIONS.map((d) => (
              <option value={String(d.seconds)}>{d.label}</option>
            ))}
          </select>
        </label>
        <ErrorNotice error={error} action="signing in" />
        <button type="submit" aria-busy={busy} disabled={busy}>
          Sign in
        </button>
        <p>
          <small>The key pair is used once, for one STS call, and is not kept. The temporary credentials stay in this tab only.</small>
        </p>
      </form>
    </main>
  );
}
