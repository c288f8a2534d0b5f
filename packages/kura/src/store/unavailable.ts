// The one failure a store reports that is not about the request: the database could not be reached,
// or did not answer in time. The request did not happen (or its outcome is unknown to this process),
// and the same request may succeed a moment later, so the gateway answers it as AWS answers a
// temporary failure of the server: 503 ServiceUnavailable, which every AWS SDK and the AWS CLI retry.

export class StoreUnavailableError extends Error {
  constructor(
    /** Why, in words safe to log: never a connection string or a password. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`the data store is unavailable: ${reason}`, options);
    this.name = 'StoreUnavailableError';
  }
}
