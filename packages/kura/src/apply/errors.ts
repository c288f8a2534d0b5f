// The errors of `kura apply`. A TemplateError is found before anything is written (a bad template,
// a missing parameter, an attribute Kura cannot provide) and names where: `Resources.Role.Properties.
// Policies[0].PolicyDocument`, `Parameters.DbHost`, `Conditions.IsProd`. An ApplyError is a failure
// while writing, after the rollback, and says what was undone and what could not be.

export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(
    /** Where in the template, as a path (`Resources.X.Properties.Y[0]`); empty for the whole file. */
    readonly at: string,
    readonly problem: string,
  ) {
    super(at ? `${at}: ${problem}` : problem);
  }
}

/** A failure while applying: the message says what failed, what was rolled back and what was not. */
export class ApplyError extends Error {
  override name = 'ApplyError';
}

/** `Resources.X.Properties` + `Policies`, `[0]`, … */
export function childPath(base: string, key: string | number): string {
  return typeof key === 'number' ? `${base}[${key}]` : base === '' ? key : `${base}.${key}`;
}

/** The one line an SDK error becomes: `Code: message` (the service's own words), or the message. */
export function serviceMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const e = error as Error & { $metadata?: unknown };
  const message = (e.message ?? '').replace(/\s*[\r\n]+\s*/g, ' ').trim();
  if (e.$metadata !== undefined) return message ? `${e.name}: ${message}` : e.name;
  return message || e.name;
}
