// Writes to one parameter from this process queue behind each other. The store's optimistic check
// (expectedLatest) stays the guarantee across processes; this lane only stops writers in one process
// from starving each other into TooManyUpdates, which no AWS client retries.

import type { Store } from '../../store/store.js';

const lanes = new WeakMap<Store, Map<string, Promise<unknown>>>();

export async function inWriteLane<T>(store: Store, key: string, work: () => Promise<T>): Promise<T> {
  let byKey = lanes.get(store);
  if (!byKey) {
    byKey = new Map();
    lanes.set(store, byKey);
  }
  const previous = byKey.get(key) ?? Promise.resolve();
  const run = previous.then(work, work);
  // The lane holds a settled-safe tail; it is dropped once nothing else queued behind this write.
  const tail = run.then(
    () => undefined,
    () => undefined,
  );
  byKey.set(key, tail);
  try {
    return await run;
  } finally {
    if (byKey.get(key) === tail) byKey.delete(key);
  }
}
