import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ParameterRepository, PutRequest } from '../../store/parameters.js';
import type { Store } from '../../store/store.js';
import { assertMatchesAllowedPattern } from './allowed-pattern.js';
import { createTestHarness, rejectsWith, type TestHarness } from './testing/context.js';

let h: TestHarness;
beforeEach(() => {
  h = createTestHarness();
});
afterEach(() => h.close());

/** The real store, except that `put` first lets `interfere` act as another process would. */
function storeWith(interfere: (request: PutRequest, attempt: number) => Promise<boolean>): Store {
  let attempt = 0;
  const real = h.store.parameters;
  const put: ParameterRepository['put'] = async (scope, request) => {
    attempt += 1;
    if (await interfere(request, attempt)) return { outcome: 'conflict' };
    return real.put(scope, request);
  };
  // Proxies delegate to the real objects (bound), so private state of the backend stays reachable.
  const delegate = <T extends object>(target: T, overrides: Record<string | symbol, unknown>): T =>
    new Proxy(target, {
      get(obj, prop) {
        if (prop in overrides) return overrides[prop];
        const value: unknown = Reflect.get(obj, prop, obj);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(obj) : value;
      },
    });
  return delegate(h.store, { parameters: delegate(real, { put }) });
}

describe('PutParameter under concurrent writers', () => {
  it('decides again on the state another process wrote', async () => {
    await h.call('PutParameter', { Name: 'c', Value: 'v1', Type: 'String', Description: 'kept' });
    const store = storeWith(async (_request, attempt) => {
      if (attempt !== 1) return false;
      // Another replica wins the race with version 2.
      await h.call('PutParameter', { Name: 'c', Value: 'other', Overwrite: true });
      return true;
    });
    const out = await h.call('PutParameter', { Name: 'c', Value: 'mine', Overwrite: true }, { store });
    assert.deepEqual(out, { Version: 3, Tier: 'Standard' });
    const history = await h.call('GetParameterHistory', { Name: 'c' });
    assert.deepEqual(
      (history['Parameters'] as Array<Record<string, unknown>>).map((p) => [p['Version'], p['Value'], p['Description']]),
      [
        [1, 'v1', 'kept'],
        [2, 'other', 'kept'],
        [3, 'mine', 'kept'],
      ],
    );
  });

  it('turns a lost create race into ParameterAlreadyExists', async () => {
    const store = storeWith(async (_request, attempt) => {
      if (attempt !== 1) return false;
      await h.call('PutParameter', { Name: 'n', Value: 'first', Type: 'String' });
      return true;
    });
    await rejectsWith(h.call('PutParameter', { Name: 'n', Value: 'second', Type: 'String' }, { store }), 'ParameterAlreadyExists');
  });

  it('gives up with TooManyUpdates when every attempt conflicts', async () => {
    const store = storeWith(async () => true);
    const error = await rejectsWith(h.call('PutParameter', { Name: 'n', Value: 'v', Type: 'String' }, { store }), 'TooManyUpdates');
    assert.equal(error.messageMember, 'Message');
  });
});

describe('AllowedPattern matching', () => {
  it('stops a catastrophic pattern instead of hanging the server', () => {
    const started = Date.now();
    assert.throws(
      () => assertMatchesAllowedPattern('(a+)+b', 'a'.repeat(64)),
      (e: unknown) => (e as { code?: string }).code === 'ParameterPatternMismatchException',
    );
    assert.ok(Date.now() - started < 2000);
  });

  it('follows Java semantics for dots and full matches', () => {
    assert.doesNotThrow(() => assertMatchesAllowedPattern('^[a-z]+$', 'abc'));
    assert.throws(() => assertMatchesAllowedPattern('a.b', 'a\nb'));
    assert.doesNotThrow(() => assertMatchesAllowedPattern('\\p{Alpha}+', 'abc'));
  });
});
