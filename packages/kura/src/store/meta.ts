// What a store knows about itself rather than about AWS resources: the master key's check value,
// so that a server started with another master key refuses to start instead of writing records
// nobody can read; and the last run of each periodic job, so that with several replicas on one
// database a job runs once per period, not once per replica.

export type KeyCheckOutcome = 'recorded' | 'matches' | 'differs';

/** The key of the master key's check value among the store's settings (both backends' kura_meta). */
export const KEY_CHECK = 'master_key_check';

export interface MetaRepository {
  /**
   * Compares `check` (derived from the master key, never the key) with the recorded one, recording
   * it when none is: atomically, so two replicas starting at once cannot record two values.
   */
  checkMasterKey(check: Buffer): Promise<KeyCheckOutcome>;
  /**
   * Claims this period's run of job `name`: true for exactly one caller when the job last ran more
   * than `everyMs` before `now` (or never), false for every other caller until then.
   */
  claimJob(name: string, now: Date, everyMs: number): Promise<boolean>;
}
