// One read shared by every caller that asked before it was sent. Every request reads the IAM
// generation (iam-generation.ts): under load, many of them ask while one such read is on its way,
// and one more statement after it answers them all, instead of one statement each.
//
// Why a shared answer is as fresh as a read of one's own: a caller joins only a read that has not
// been sent yet, and PostgreSQL takes a statement's snapshot when it runs it, so the statement
// that answers a caller sees every commit acknowledged before that caller asked. A caller who
// asks while a read is in flight (sent before it asked, so possibly too old for it) waits for that
// one to finish and gets the next. If the read in flight fails, the next is not sent: its callers
// get the same failure, so an outage costs a request one statement bound, not two.

export type Read<T> = () => Promise<T>;

/** Wraps `read` so that concurrent callers share statements, never one sent before they asked. */
export function sharedRead<T>(read: Read<T>): Read<T> {
  /** The read callers may still join: not sent yet. */
  let next: Promise<T> | undefined;
  /** The read sent last; settled (never rejecting) once it is answered. */
  let inFlight: Promise<unknown> = Promise.resolve();
  let failure: { error: unknown } | undefined;

  return () => {
    if (next) return next;
    const joined = inFlight.then(() => {
      next = undefined; // sent now: whoever asks from here on needs a later one
      if (failure) {
        const { error } = failure;
        failure = undefined;
        throw error;
      }
      const sent = read();
      inFlight = sent.then(
        () => undefined,
        (error: unknown) => {
          // Only the read that is already waiting behind this one (asked meanwhile) fails with it.
          if (next) failure = { error };
        },
      );
      return sent;
    });
    next = joined;
    return joined;
  };
}
