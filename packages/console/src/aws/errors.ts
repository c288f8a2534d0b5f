// An AWS API error as the console shows it: the service's code and its own words, never rewritten,
// so that what a person reads in the browser is what the CLI would print.

export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'AwsError';
  }

  /** A denial by IAM (or a key policy), whatever the service calls it. */
  get denied(): boolean {
    return this.code === 'AccessDeniedException' || this.code === 'AccessDenied';
  }

  /** Temporary credentials that are no longer good: the console goes back to sign-in. */
  get expired(): boolean {
    return this.code === 'ExpiredTokenException' || this.code === 'ExpiredToken';
  }
}

/** The server could not be reached at all (stopped, network gone): no AWS code to show. */
export class NetworkError extends Error {
  constructor(override readonly cause: unknown) {
    super('Kura did not answer. Is the server still running?');
    this.name = 'NetworkError';
  }
}

/** AWS JSON error codes may come qualified: `com.amazonaws.ssm#ParameterNotFound`. */
export function errorCode(type: string): string {
  const hash = type.lastIndexOf('#');
  const bare = hash >= 0 ? type.slice(hash + 1) : type;
  return bare.split(':')[0] ?? bare;
}
