// Failures held against the SDK reader: retries (throttling, 5xx, dropped connections) with the same
// number of attempts, AWS_MAX_ATTEMPTS or Kura's 8; what is not retried; the deadline; a refused
// connection; a skewed clock corrected from the server's Date; plain HTTP beyond loopback refused.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pinEnv, plan, readVia, ScriptedStore, type Ending, type Reply, type SeenRequest } from './testing/pin.js';

const store = new ScriptedStore();
before(() => store.start());
after(() => store.stop());

const env = (extra: Record<string, string> = {}) => pinEnv(store, extra);

const PATH = plan({ paths: ['/app'] });
const OK: Reply = { body: JSON.stringify({ Parameters: [{ Name: '/app/a', Value: 'v' }] }) };
const FETCHED = { fetched: { paths: new Map([['/app', [{ name: '/app/a', value: 'v', selector: undefined }]]]), values: new Map(), secrets: new Map() } };

/** Both paths, same script: the same ending after the same number of requests. */
async function both(script: (request: SeenRequest, index: number) => Reply, options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<{ ending: Ending; sdk: SeenRequest[]; direct: SeenRequest[] }> {
  store.answer(script);
  const sdkEnding = await readVia('sdk', env(options.env), PATH, options.timeoutMs);
  const sdk = [...store.seen];
  store.answer(script);
  const directEnding = await readVia('direct', env(options.env), PATH, options.timeoutMs);
  assert.deepEqual(directEnding, sdkEnding, 'the direct reader ends as the SDK reader does');
  assert.equal(store.seen.length, sdk.length, 'after as many attempts');
  return { ending: sdkEnding, sdk, direct: [...store.seen] };
}

describe('retries, as the SDK\'s standard mode makes them', () => {
  test('5xx: retried up to AWS_MAX_ATTEMPTS, then the last error', async () => {
    const { ending, sdk } = await both(() => ({ status: 500, body: JSON.stringify({ __type: 'InternalServerError', message: 'boom' }) }));
    assert.deepEqual(ending, { line: 'cannot read --path /app: InternalServerError: boom', exitCode: 3 });
    assert.equal(sdk.length, 3);
  });

  test('a 503 page that is not JSON: retried, and never quoted', async () => {
    const { ending, sdk } = await both(() => ({ status: 503, headers: { 'content-type': 'text/html' }, body: '<h1>Service Unavailable s3cret</h1>' }));
    assert.deepEqual(ending, { line: 'cannot read --path /app: malformed response from the store (HTTP 503)', exitCode: 3 });
    assert.equal(sdk.length, 3);
  });

  test('throttling, then an answer: read after the retry', async () => {
    const throttled = await both((_, index) => (index === 0 ? { status: 400, body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }) } : OK));
    assert.deepEqual(throttled.ending, FETCHED);
    assert.equal(throttled.sdk.length, 2);
    const tooMany = await both((_, index) => (index === 0 ? { status: 429, body: '' } : OK));
    assert.deepEqual(tooMany.ending, FETCHED);
    assert.equal(tooMany.sdk.length, 2);
  });

  test('a connection dropped before the answer: retried, then ECONNRESET', async () => {
    const { ending, sdk } = await both(() => 'hang-up');
    assert.deepEqual(ending, { line: 'cannot read --path /app: ECONNRESET: socket hang up', exitCode: 3 });
    assert.equal(sdk.length, 3);
  });

  test('not retried: a 501, a client error', async () => {
    assert.equal((await both(() => ({ status: 501, body: JSON.stringify({ __type: 'NotImplemented', message: 'no' }) }))).sdk.length, 1);
    assert.equal((await both(() => ({ status: 400, body: JSON.stringify({ __type: 'ValidationException', message: 'no' }) }))).sdk.length, 1);
  });

  test("without AWS_MAX_ATTEMPTS, Kura's 8 attempts", async () => {
    const base = env();
    const { AWS_MAX_ATTEMPTS: _, ...withoutAttempts } = base;
    // Seven backoffs of up to 0.05 × 2^k s with full jitter add up to as much as 6.35 s: the
    // deadline is set past that, so that only the count of attempts is under test.
    const deadlineMs = 15_000;
    store.answer(() => ({ status: 500, body: '{}' }));
    const sdk = await readVia('sdk', withoutAttempts, PATH, deadlineMs);
    assert.equal(store.seen.length, 8);
    store.answer(() => ({ status: 500, body: '{}' }));
    assert.deepEqual(await readVia('direct', withoutAttempts, PATH, deadlineMs), sdk);
    assert.equal(store.seen.length, 8);
  });
});

describe('the deadline, the network, the clock, plain HTTP', () => {
  test('a store that never answers: the --timeout line', async () => {
    const { ending } = await both(() => 'silence', { timeoutMs: 300 });
    assert.deepEqual(ending, { line: 'timed out after 0.3 s reading Parameter Store (--timeout)', exitCode: 3 });
  });

  test('nothing listening: the same ECONNREFUSED line', async () => {
    const closed = { AWS_ENDPOINT_URL: 'http://127.0.0.1:1' };
    const [sdk, direct] = [await readVia('sdk', env(closed), PATH), await readVia('direct', env(closed), PATH)];
    assert.deepEqual(direct, sdk);
    assert.deepEqual(sdk, { line: 'cannot read --path /app: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1', exitCode: 3 });
  });

  test("a clock an hour slow: refused once, corrected from the server's Date, read on the retry", async () => {
    const serverTime = Date.now() + 3600_000;
    const { ending, sdk, direct } = await both((_, index) =>
      index === 0
        ? { status: 400, headers: { date: new Date(serverTime).toUTCString() }, body: JSON.stringify({ __type: 'InvalidSignatureException', message: 'Signature not yet current' }) }
        : OK,
    );
    assert.deepEqual(ending, FETCHED);
    for (const requests of [sdk, direct]) {
      assert.equal(requests.length, 2);
      const signedAt = String(requests[1]?.headers['x-amz-date']).replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z');
      assert.ok(Math.abs(Date.parse(signedAt) - serverTime) < 60_000, `the retry is signed at the server's time (${signedAt})`);
    }
  });

  test('plain HTTP beyond loopback: refused before anything is sent, exit 2, the same line', async () => {
    const remote = { AWS_ENDPOINT_URL: 'http://10.1.2.3:4566' };
    const [sdk, direct] = [await readVia('sdk', env(remote), PATH), await readVia('direct', env(remote), PATH)];
    assert.deepEqual(direct, sdk);
    assert.deepEqual(sdk, { line: 'refusing plain HTTP to 10.1.2.3: credentials and values would cross the network unencrypted; use https, or pass --insecure-http', exitCode: 2 });
  });
});
