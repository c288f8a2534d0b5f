// Errors a command reports as one line on stderr. Usage mistakes exit 2, everything else 1, the
// way `kura serve` and the AWS CLI do.

/** Bad flags or arguments: the user can fix the command line. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The command ran and failed for a reason worth stating plainly (already one line). */
export class CommandError extends Error {
  override name = 'CommandError';
}

/** AWS SDK errors carry the service's error code in `name` and may have an empty message. */
interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $metadata?: unknown;
}

/**
 * One line for any error: the service's code and message for API errors, a hint for the SDK's
 * configuration failures (no credentials, no region), the cause for network failures. `subject`
 * names the parameter when the service's own message is empty (ParameterNotFound is, on AWS).
 */
export function describeError(error: unknown, subject?: string): string {
  if (!(error instanceof Error)) return oneLine(String(error));
  const e = error as Error & SdkErrorShape;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const message = oneLine(typeof e.message === 'string' ? e.message : '');
  if (error instanceof UsageError || error instanceof CommandError) return message;
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return 'no AWS credentials found: set AWS_PROFILE (or --profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY';
  }
  if (/^Region is missing/i.test(message)) return 'no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION, --region, or a region in your profile)';
  if (name === 'ParameterNotFound') return `parameter not found${subject ? `: ${subject}` : ''}`;
  if (name === 'ParameterAlreadyExists') return `${subject ?? 'the parameter'} already exists: pass --overwrite to write a new version`;
  // Secrets Manager's text ("Secrets Manager can't find the specified secret.") does not say which one.
  if (name === 'ResourceNotFoundException' && subject) return `${subject}: ${name}: ${message}`;
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && /^(ECONNREFUSED|ENOTFOUND|ECONNRESET|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH)$/.test(code)) {
    return `cannot reach the endpoint (${code}): ${message || 'network error'}`;
  }
  if (e.$metadata !== undefined) return message ? `${name}: ${message}` : name;
  return message || name;
}

/** Service messages can hold newlines (AWS's are one line, but nothing promises it). */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** Runs `work`, restating a failure about `subject` (so "parameter not found" says which one). */
export async function about<T>(subject: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof UsageError || error instanceof CommandError) throw error;
    throw new CommandError(describeError(error, subject));
  }
}
