import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fetchAll } from './fetch.js';
import type { FetchedParameter, SsmReader } from './reader.js';
import type { Source } from './sources.js';

/** An in-memory store: `/name` → value, with `name:N` selectors for versions. */
function memoryReader(store: Record<string, string>, hooks: { byNames?: (names: string[]) => void; fail?: (what: string) => Error | undefined; delayMs?: number } = {}) {
  const calls: string[] = [];
  const wait = (signal: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (!hooks.delayMs) return resolve();
      const timer = setTimeout(resolve, hooks.delayMs);
      signal.addEventListener('abort', () => (clearTimeout(timer), reject(new Error('aborted'))));
    });
  const reader: SsmReader & { calls: string[]; closed: boolean } = {
    calls,
    closed: false,
    async byPath(path, recursive, signal) {
      calls.push(`path ${path}`);
      await wait(signal);
      const error = hooks.fail?.(path);
      if (error) throw error;
      return Object.entries(store)
        .filter(([name]) => !name.includes(':') && name.startsWith(`${path}/`) && (recursive || !name.slice(path.length + 1).includes('/')))
        .map(([name, value]): FetchedParameter => ({ name, value }));
    },
    async byNames(names, signal) {
      calls.push(`names ${names.length}`);
      hooks.byNames?.(names);
      await wait(signal);
      const error = hooks.fail?.(names.join(','));
      if (error) throw error;
      const parameters: FetchedParameter[] = [];
      const invalid: string[] = [];
      for (const requested of names) {
        const [name = '', selector] = requested.split(':');
        const value = store[selector ? `${name}:${selector}` : name];
        if (value === undefined) invalid.push(requested);
        else parameters.push({ name, value, selector: selector ? `:${selector}` : undefined });
      }
      return { parameters, invalid };
    },
    close() {
      reader.closed = true;
    },
  };
  return reader;
}

const store = { '/app/a': '1', '/app/b': '2', '/app/deep/c': '3', '/app/x': 'x-latest', '/app/x:1': 'x-one' };

describe('reading every source', () => {
  test('paths, maps and references together; recursive only when asked', async () => {
    const reader = memoryReader(store);
    const sources: Source[] = [
      { kind: 'path', path: '/app' },
      { kind: 'map', name: 'X1', parameter: '/app/x:1' },
    ];
    const flat = await fetchAll(reader, sources, [{ name: 'B', parameter: '/app/b' }], false, 5_000);
    assert.deepEqual(flat.paths.get('/app')?.map((p) => p.name), ['/app/a', '/app/b', '/app/x']);
    assert.deepEqual([...flat.values], [['/app/x:1', 'x-one'], ['/app/b', '2']]);
    const deep = await fetchAll(reader, sources, [], true, 5_000);
    assert.ok(deep.paths.get('/app')?.some((p) => p.name === '/app/deep/c'));
  });

  test('named parameters go in batches of at most 10, each asked once', async () => {
    const many = Object.fromEntries(Array.from({ length: 23 }, (_, i) => [`/p/${i}`, `v${i}`]));
    const sizes: number[] = [];
    const reader = memoryReader(many, { byNames: (names) => sizes.push(names.length) });
    const sources: Source[] = Object.keys(many).map((parameter, i) => ({ kind: 'map', name: `P${i}`, parameter }));
    sources.push({ kind: 'map', name: 'AGAIN', parameter: '/p/0' });
    const fetched = await fetchAll(reader, sources, [], false, 5_000);
    assert.deepEqual(sizes.sort((a, b) => b - a), [10, 10, 3]);
    assert.equal(fetched.values.size, 23);
  });

  test('a missing --map target or reference fails, naming it', async () => {
    const reader = memoryReader(store);
    await assert.rejects(fetchAll(reader, [{ kind: 'map', name: 'N', parameter: '/app/nope' }], [], false, 5_000), { message: 'parameter not found: /app/nope', exitCode: 3 });
    await assert.rejects(fetchAll(reader, [], [{ name: 'R', parameter: '/app/x:9' }], false, 5_000), { message: 'parameter not found: /app/x:9' });
  });

  test('an empty path is a failure, not an empty configuration', async () => {
    await assert.rejects(fetchAll(memoryReader(store), [{ kind: 'path', path: '/nothing' }], [], false, 5_000), /no parameters under --path \/nothing \(without --recursive\)/);
  });

  test('a store failure names the source and the error, never a value', async () => {
    const denied = Object.assign(new Error('User: arn:aws:iam::1:user/u is not authorized to perform: ssm:GetParametersByPath'), { name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
    const reader = memoryReader(store, { fail: (what) => (what === '/app' ? denied : undefined) });
    await assert.rejects(fetchAll(reader, [{ kind: 'path', path: '/app' }], [], false, 5_000), {
      message: 'cannot read --path /app: AccessDeniedException: User: arn:aws:iam::1:user/u is not authorized to perform: ssm:GetParametersByPath',
      exitCode: 3,
    });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' });
    await assert.rejects(fetchAll(memoryReader(store, { fail: () => refused }), [{ kind: 'map', name: 'A', parameter: '/app/a' }], [], false, 5_000), {
      message: 'cannot read /app/a: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:4566',
    });
  });

  test('no region or no credentials are said plainly', async () => {
    const noRegion = memoryReader(store, { fail: () => new Error('Region is missing') });
    await assert.rejects(fetchAll(noRegion, [{ kind: 'path', path: '/app' }], [], false, 5_000), { message: 'cannot read --path /app: no AWS region: set AWS_REGION (or AWS_DEFAULT_REGION, or region in the profile)' });
    const noCredentials = memoryReader(store, { fail: () => Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }) });
    await assert.rejects(fetchAll(noCredentials, [{ kind: 'path', path: '/app' }], [], false, 5_000), { message: 'cannot read --path /app: no AWS credentials: Could not load credentials from any providers' });
  });

  test('a response that fails to parse is reported without its text', async () => {
    const syntax = new SyntaxError('Unexpected end of JSON input in "{\\"Value\\":\\"hunter2');
    await assert.rejects(fetchAll(memoryReader(store, { fail: () => syntax }), [{ kind: 'path', path: '/app' }], [], false, 5_000), (error: Error) => {
      assert.equal(error.message, 'cannot read --path /app: malformed response from the store');
      return true;
    });
  });

  test('the deadline covers everything and aborts what is in flight', async () => {
    const started = Date.now();
    await assert.rejects(fetchAll(memoryReader(store, { delayMs: 10_000 }), [{ kind: 'path', path: '/app' }], [], false, 200), {
      message: 'timed out after 0.2 s reading Parameter Store (--timeout)',
      exitCode: 3,
    });
    assert.ok(Date.now() - started < 2_000);
  });
});
