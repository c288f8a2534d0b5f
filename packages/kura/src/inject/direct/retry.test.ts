// The retry strategy's arithmetic (the SDK's standard mode): which errors, how long, how many. That it
// retries as the SDK reader does end to end is pinned by pin-failures.test.ts.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorType, retryAfterHint, RetryStrategy } from './retry.js';

const status = (httpStatusCode: number, name = 'Error') => ({ name, $metadata: { httpStatusCode } });

describe('retry classification', () => {
  test('throttling, transient, server and client errors', () => {
    assert.equal(errorType({ name: 'ThrottlingException' }), 'THROTTLING');
    assert.equal(errorType(status(429)), 'THROTTLING');
    assert.equal(errorType({ name: 'TimeoutError' }), 'TRANSIENT');
    assert.equal(errorType({ name: 'Error', code: 'ECONNREFUSED' }), 'TRANSIENT');
    assert.equal(errorType({ name: 'Error', code: 'ENOTFOUND' }), 'TRANSIENT');
    assert.equal(errorType(status(503, 'SyntaxError')), 'TRANSIENT');
    assert.equal(errorType({ name: 'TypeError', cause: { code: 'ECONNRESET' } }), 'TRANSIENT');
    assert.equal(errorType({ name: 'InvalidSignatureException', message: 'Signature expired: 20200101T000000Z' }), 'TRANSIENT');
    assert.equal(errorType({ ...status(400, 'InvalidSignatureException'), $metadata: { httpStatusCode: 400, clockSkewCorrected: true } }), 'TRANSIENT');
    assert.equal(errorType(status(501)), 'SERVER_ERROR');
    assert.equal(errorType(status(400, 'AccessDeniedException')), 'CLIENT_ERROR');
    assert.equal(errorType({ name: 'AbortError', code: 'ECONNRESET' }), 'CLIENT_ERROR');
  });
});

describe('the standard strategy', () => {
  test('full jitter under an exponential ceiling: 50 ms doubling, 1 s doubling when throttled, 20 s at most', () => {
    const strategy = new RetryStrategy(20, () => 0.999999);
    assert.deepEqual([0, 1, 2, 3].map((retries) => strategy.retry(retries, { name: 'TimeoutError' })?.delayMs), [49, 99, 199, 399]);
    assert.deepEqual([0, 1, 5].map((retries) => strategy.retry(retries, { name: 'ThrottlingException' })?.delayMs), [999, 1999, 19999]);
    assert.equal(new RetryStrategy(3, () => 0).retry(0, { name: 'TimeoutError' })?.delayMs, 0);
  });

  test('gives up at the last attempt, and on errors that are not throttling or transient', () => {
    const strategy = new RetryStrategy(3);
    assert.ok(strategy.retry(1, { name: 'TimeoutError' }));
    assert.equal(strategy.retry(2, { name: 'TimeoutError' }), undefined, 'the third attempt was the last');
    assert.equal(strategy.retry(0, status(400, 'AccessDeniedException')), undefined);
    assert.equal(strategy.retry(0, status(501)), undefined);
  });

  test('a quota of 500 shared by the client: 14 a retry, 5 a throttled one, given back on success', () => {
    const strategy = new RetryStrategy(1000, () => 0);
    let retries = 0;
    while (strategy.retry(0, { name: 'TimeoutError' })) retries += 1;
    assert.equal(retries, 35, '500 / 14');
    assert.equal(strategy.retry(0, { name: 'TimeoutError' }), undefined, '10 are left');
    assert.ok(strategy.retry(0, { name: 'ThrottlingException' }), 'a throttled retry costs 5');
    assert.ok(strategy.retry(0, { name: 'ThrottlingException' }));
    assert.equal(strategy.retry(0, { name: 'ThrottlingException' }), undefined, 'none left');
    strategy.recordSuccess({ delayMs: 0, cost: 14 });
    assert.ok(strategy.retry(0, { name: 'TimeoutError' }), 'given back');
    strategy.recordSuccess(undefined);
    assert.equal(strategy.retry(0, { name: 'TimeoutError' }), undefined, 'a success without retries gives back one');
  });

  test('Retry-After lengthens the delay, by at most 5 s over the jittered one', () => {
    const now = 1_000_000;
    const strategy = new RetryStrategy(5, () => 0, () => now);
    assert.equal(strategy.retry(0, { name: 'ThrottlingException' }, new Date(now + 3_000))?.delayMs, 3_000);
    assert.equal(strategy.retry(0, { name: 'ThrottlingException' }, new Date(now + 60_000))?.delayMs, 5_000);
    assert.deepEqual(retryAfterHint({ 'retry-after': '2' }, now), new Date(now + 2_000));
    assert.deepEqual(retryAfterHint({ 'retry-after': new Date(now + 4_000).toUTCString() }, now), new Date(now + 4_000));
    assert.deepEqual(retryAfterHint({ 'x-amz-retry-after': '1500' }, now), new Date(now + 1_500));
    assert.equal(retryAfterHint({ 'retry-after': 'soon' }, now), undefined);
  });
});
