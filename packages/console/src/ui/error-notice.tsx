// How a failed call is shown: AWS's error code and its own message, verbatim, so that a denial reads
// exactly as the CLI would print it. Denials get their own look (and role=alert), since "why was I
// refused" is what people come to the console for.

import { AwsError, NetworkError } from '../aws/errors.js';

export function describeError(error: unknown): { code: string; message: string; denied: boolean } {
  if (error instanceof AwsError) return { code: error.code, message: error.message, denied: error.denied };
  if (error instanceof NetworkError) return { code: 'NetworkError', message: error.message, denied: false };
  return { code: 'Error', message: error instanceof Error ? error.message : String(error), denied: false };
}

/** An error in one line, for a form that shows it under its field: "AlreadyExistsException: …". */
export function errorLine(error: unknown): string {
  const { code, message } = describeError(error);
  return `${code}: ${message}`;
}

export function ErrorNotice({ error, action }: { error: unknown; action?: string }) {
  if (error === undefined || error === null) return null;
  const { code, message, denied } = describeError(error);
  return (
    <div class={denied ? 'notice notice-denied' : 'notice notice-error'} role="alert" data-error-code={code}>
      <strong>{denied ? 'Access denied' : 'Error'}{action ? ` — ${action}` : ''}</strong>
      <p>
        <code>{code}</code>: {message || '(no message)'}
      </p>
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <p aria-busy="true" role="status">
      Loading {what}…
    </p>
  );
}
