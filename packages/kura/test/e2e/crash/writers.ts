// Concurrent writers, as applications write: the AWS SDK v3, PutParameter with Overwrite on a few
// names every writer shares, new names of a writer's own (some of them SecureStrings), overwrites
// of those, and now and then a DeleteParameter. Each call is entered in the ledger before it is
// sent and settled when its answer arrives, so a kill between the two leaves it pending.
//
// A writer's own names are touched by that writer only, one call at a time: the order of its calls
// is the order the server saw them, which is what lets the ledger say "this delete came last".
// Shared names get only overwrites, racing each other: only their versions and values are checked.

import { DeleteParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { Ledger, ParameterType } from './ledger.js';
import { Random } from '../fuzz/random.js';

/** Names all writers overwrite: one SecureString among Strings. Kept for the whole run. */
export const SHARED: ReadonlyArray<{ name: string; type: ParameterType }> = [
  { name: '/crash/shared/s0', type: 'String' },
  { name: '/crash/shared/s1', type: 'SecureString' },
  { name: '/crash/shared/s2', type: 'String' },
];

export interface WriterOptions {
  seed: number;
  cycle: number;
  writers: number;
  /** Set once the server has been killed: writers stop at their next call. */
  stopped: () => boolean;
}

export interface WriterReport {
  /** Error names of the calls the server refused (say, TooManyUpdatesException), for the report. */
  refusals: string[];
}

/** Runs `writers` writers until they are stopped or lose the server; resolves when all have returned. */
export async function runWriters(ssm: SSMClient, ledger: Ledger, options: WriterOptions): Promise<WriterReport> {
  const refusals: string[] = [];
  await Promise.all(Array.from({ length: options.writers }, (_, w) => writer(ssm, ledger, options, w, refusals)));
  return { refusals };
}

async function writer(ssm: SSMClient, ledger: Ledger, options: WriterOptions, w: number, refusals: string[]): Promise<void> {
  // One stream per writer of each cycle (the fuzzer's generator, indexed by cycle and writer).
  const random = new Random(options.seed, options.cycle * 1024 + w);
  const own: Array<{ name: string; type: ParameterType }> = [];
  let created = 0;
  for (let seq = 0; !options.stopped(); seq += 1) {
    const tag = `c${options.cycle}w${w}#${seq}`;
    const roll = random.int(0, 99);
    let outcome: Outcome;
    // 45% shared overwrites, 15% new names, 25% overwrites and 15% deletes of this writer's names:
    // about as many deletes as creations, so that the names to read back grow slowly over a long run.
    if (roll < 45 || (roll >= 60 && own.length === 0)) {
      const target = random.pick(SHARED);
      outcome = await put(ssm, ledger, target.name, target.type, valueFor(tag, random));
    } else if (roll < 60) {
      const target = { name: `/crash/c${options.cycle}/w${w}/n${created}`, type: random.chance(0.3) ? 'SecureString' : 'String' } as const;
      created += 1;
      own.push(target);
      outcome = await put(ssm, ledger, target.name, target.type, valueFor(tag, random));
    } else if (roll < 85) {
      const target = random.pick(own);
      outcome = await put(ssm, ledger, target.name, target.type, valueFor(tag, random));
    } else {
      const index = random.int(0, own.length - 1);
      const [target] = own.splice(index, 1);
      if (target === undefined) continue;
      outcome = await remove(ssm, ledger, target.name);
    }
    if (outcome.kind === 'refused') refusals.push(outcome.error);
    // No answer: the server is gone (or going). A later call on one of this writer's names could be
    // ordered either side of the pending one, so this writer is done for the cycle.
    if (outcome.kind === 'unknown') return;
  }
}

type Outcome = { kind: 'acknowledged' } | { kind: 'refused'; error: string } | { kind: 'unknown' };

async function put(ssm: SSMClient, ledger: Ledger, name: string, type: ParameterType, value: string): Promise<Outcome> {
  ledger.beginPut(name, type, value);
  try {
    const { Version } = await ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: type, Overwrite: true }));
    if (Version === undefined) throw new Error(`PutParameter ${name} answered without a Version`);
    ledger.ackPut(name, value, Version);
    return { kind: 'acknowledged' };
  } catch (error) {
    return settleFailure(error, ledger, name, value);
  }
}

async function remove(ssm: SSMClient, ledger: Ledger, name: string): Promise<Outcome> {
  ledger.beginDelete(name);
  try {
    await ssm.send(new DeleteParameterCommand({ Name: name }));
    ledger.ackDelete(name);
    return { kind: 'acknowledged' };
  } catch (error) {
    return settleFailure(error, ledger, name, undefined);
  }
}

/**
 * A 4xx from the server is an answer: nothing was written. Anything else (a reset connection, a
 * refused one, a timeout, a 5xx) leaves the outcome unknown.
 */
function settleFailure(error: unknown, ledger: Ledger, name: string, value: string | undefined): Outcome {
  const fields = error as { name?: string; $fault?: string; $metadata?: { httpStatusCode?: number } };
  const status = fields.$metadata?.httpStatusCode;
  if (fields.$fault === 'client' && status !== undefined && status >= 400 && status < 500) {
    ledger.refused(name, value);
    return { kind: 'refused', error: fields.name ?? 'Error' };
  }
  ledger.unknown();
  return { kind: 'unknown' };
}

const FILLER = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/ ';

/**
 * `tag|filler`: the tag makes it unique and says which call wrote it; the filler is mostly short,
 * sometimes a few KB (a write that spans pages of the database), sometimes non-ASCII.
 */
function valueFor(tag: string, random: Random): string {
  const size = random.chance(0.7) ? random.int(8, 64) : random.chance(0.8) ? random.int(65, 1024) : random.int(1025, 3000);
  let filler = '';
  for (let i = 0; i < size; i += 1) filler += FILLER[random.int(0, FILLER.length - 1)];
  // Ends on a visible character: what a value's surrounding spaces become is not this test's concern.
  return `${tag}|${filler}${random.chance(0.1) ? 'é✓パ' : ''}~`;
}
