// One run at a time per stack. Two applies of one stack (two CI jobs, two terminals) would both read
// the same record, both create resources, and the last record written would win: resources
// orphaned, or deleted twice. So a run takes the stack's lock, the String parameter
// `/kura/stacks/<stack>/lock`, before it reads the record, and releases it when done, whatever the
// outcome. It lives in the server, beside the record, so it works across machines as the record
// does. Taking it is PutParameter without Overwrite: the server creates a name once, so exactly one
// run wins and the others get ParameterAlreadyExists. Parameter Store has no conditional delete, so
// breaking a lock (stale, or --force-unlock) reads it and deletes it; the window between the two is
// one round trip, and only a run already told the lock was broken could lose in it.

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { ApplyError, serviceMessage } from './errors.js';
import { decodeHolder, describeHolder, encodeHolder, isStale, LOCK_FORMAT, processAlive, type LockHolder, type LockOperation } from './lock-holder.js';
import { recordName } from './record.js';

export interface LockRequest {
  stackName: string;
  operation: LockOperation;
  /** Break whatever lock is held (`--force-unlock`), saying whose it was. */
  forceUnlock: boolean;
  /** One line for people (a lock taken over or broken, one that could not be released). */
  notify: (line: string) => void;
}

/** The lock's value as read: its holder, or undefined when kura apply did not write it. */
interface Found {
  value: string;
  holder: LockHolder | undefined;
}

/** Beside the record; a stack name has no `/`, so no stack's record can have this name. */
export function lockName(stackName: string): string {
  return `${recordName(stackName)}/lock`;
}

/** Runs `work` holding the stack's lock; refuses (ApplyError, nothing written) when another run holds it. */
export async function withStackLock<T>(ssm: SSMClient, request: LockRequest, work: () => Promise<T>): Promise<T> {
  const mine = await acquire(ssm, request);
  try {
    return await work();
  } finally {
    await release(ssm, request, mine);
  }
}

/** For a dry run, which takes no lock: a line saying the stack is locked, or undefined. */
export async function lockWarning(ssm: SSMClient, stackName: string): Promise<string | undefined> {
  const found = await readLock(ssm, lockName(stackName));
  if (!found) return undefined;
  return `stack ${stackName} is locked (${found.holder ? describeHolder(found.holder) : `${lockName(stackName)} holds a value kura apply did not write`}): a run that writes would be refused now`;
}

async function acquire(ssm: SSMClient, request: LockRequest): Promise<LockHolder> {
  const name = lockName(request.stackName);
  const mine: LockHolder = { format: LOCK_FORMAT, operation: request.operation, host: hostname(), pid: process.pid, since: new Date().toISOString(), token: randomUUID() };
  // At most one lock broken per run: if another run takes the lock between our delete and our
  // create, that one is alive and ours is refused.
  let broken = false;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (await create(ssm, name, mine, request.stackName)) return mine;
    const found = await readLock(ssm, name);
    if (!found) continue; // released between our create and our read
    const who = found.holder ? describeHolder(found.holder) : `a value kura apply did not write`;
    if (!broken && request.forceUnlock) {
      await deleteLock(ssm, name);
      broken = true;
      request.notify(`--force-unlock: broke the lock of stack ${request.stackName} (${who})`);
      continue;
    }
    if (!broken && found.holder && isStale(found.holder, { host: mine.host, alive: processAlive })) {
      await deleteLock(ssm, name);
      broken = true;
      request.notify(`took over the lock of stack ${request.stackName} (${who}): that process is gone`);
      continue;
    }
    throw new ApplyError(heldMessage(request.stackName, found));
  }
  throw new ApplyError(`could not take the lock of stack ${request.stackName} (${name}): it kept changing hands; try again`);
}

function heldMessage(stackName: string, found: Found): string {
  const name = lockName(stackName);
  if (!found.holder) {
    return `stack ${stackName} is locked: ${name} holds a value kura apply did not write; if no run is applying the stack, break the lock with --force-unlock`;
  }
  return (
    `stack ${stackName} is locked by another run: ${describeHolder(found.holder)} (${name}); ` +
    'wait for it to finish, or, if that run is gone, break the lock with --force-unlock'
  );
}

/** True when this run created the lock; false when it exists already. */
async function create(ssm: SSMClient, name: string, holder: LockHolder, stackName: string): Promise<boolean> {
  try {
    await ssm.send(
      new PutParameterCommand({
        Name: name,
        Value: encodeHolder(holder),
        Type: 'String',
        Overwrite: false,
        Description: `kura apply: held while a run applies or deletes stack ${stackName}`.slice(0, 1024),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ParameterAlreadyExists') return false;
    throw new ApplyError(`could not take the lock of stack ${stackName} (${name}): ${serviceMessage(error)}`);
  }
}

async function readLock(ssm: SSMClient, name: string): Promise<Found | undefined> {
  try {
    const value = (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value ?? '';
    return { value, holder: decodeHolder(value) };
  } catch (error) {
    if (error instanceof Error && error.name === 'ParameterNotFound') return undefined;
    throw error;
  }
}

async function deleteLock(ssm: SSMClient, name: string): Promise<void> {
  try {
    await ssm.send(new DeleteParameterCommand({ Name: name }));
  } catch (error) {
    if (error instanceof Error && error.name === 'ParameterNotFound') return;
    throw error;
  }
}

/** Deletes the lock if it is still this run's: after a --force-unlock elsewhere, it is someone else's. */
async function release(ssm: SSMClient, request: LockRequest, mine: LockHolder): Promise<void> {
  const name = lockName(request.stackName);
  try {
    const found = await readLock(ssm, name);
    if (found?.holder?.token === mine.token) {
      await deleteLock(ssm, name);
      return;
    }
    const now = found ? `; it is now held by ${found.holder ? describeHolder(found.holder) : 'a value kura apply did not write'}` : '';
    request.notify(`the lock of stack ${request.stackName} was broken while this run held it (--force-unlock elsewhere?)${now}`);
  } catch (error) {
    // The run's own outcome stands; the lock left behind is taken over by the next run on this host.
    request.notify(`could not release the lock of stack ${request.stackName} (${name}): ${serviceMessage(error)}; break it with --force-unlock`);
  }
}
