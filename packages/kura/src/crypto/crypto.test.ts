import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { open, seal } from './aead.js';
import { createKeyring, KeyringError } from './keyring.js';
import { createPageTokens, type TokenBinding } from './page-tokens.js';

describe('aead', () => {
  const key = randomBytes(32);
  test('round-trips and uses a fresh nonce each time', () => {
    const a = seal(key, Buffer.from('secret'), Buffer.from('ctx'));
    const b = seal(key, Buffer.from('secret'), Buffer.from('ctx'));
    assert.notDeepEqual(a, b);
    assert.equal(open(key, a, Buffer.from('ctx'))?.toString(), 'secret');
  });
  test('never repeats a nonce, across refills of the nonce pool', () => {
    const key = randomBytes(32);
    const nonces = new Set<string>();
    for (let i = 0; i < 1000; i += 1) nonces.add(seal(key, Buffer.from('x'), Buffer.alloc(0)).subarray(0, 12).toString('hex'));
    assert.equal(nonces.size, 1000);
  });

  test('refuses another AAD, any flipped bit, a truncated blob and another key', () => {
    const sealed = seal(key, Buffer.from('secret'), Buffer.from('ctx'));
    assert.equal(open(key, sealed, Buffer.from('ctx2')), undefined);
    for (let i = 0; i < sealed.length; i += 1) {
      const tampered = Buffer.from(sealed);
      tampered[i] = (tampered[i] ?? 0) ^ 1;
      assert.equal(open(key, tampered, Buffer.from('ctx')), undefined, `byte ${i}`);
    }
    assert.equal(open(key, sealed.subarray(0, 20), Buffer.from('ctx')), undefined);
    assert.equal(open(randomBytes(32), sealed, Buffer.from('ctx')), undefined);
  });
});

describe('keyring', () => {
  test('rejects a master key that is not 256 bits', () => {
    assert.throws(() => createKeyring(randomBytes(16)), KeyringError);
  });
  test('wraps per purpose: a blob wrapped for one purpose or record does not unwrap as another', () => {
    const ring = createKeyring(randomBytes(32));
    const wrapped = ring.wrap('wrap-access-key', Buffer.from('s3cret'), 'access-key:AKIA1');
    assert.equal(ring.unwrap('wrap-access-key', wrapped, 'access-key:AKIA1').toString(), 's3cret');
    assert.throws(() => ring.unwrap('wrap-kms-material', wrapped, 'access-key:AKIA1'), KeyringError);
    assert.throws(() => ring.unwrap('wrap-access-key', wrapped, 'access-key:AKIA2'), KeyringError);
  });
  test('derives the same key from the same master key and different keys per purpose', () => {
    const master = randomBytes(32);
    assert.deepEqual(createKeyring(master).derive('page-tokens'), createKeyring(master).derive('page-tokens'));
    assert.notDeepEqual(createKeyring(master).derive('page-tokens'), createKeyring(master).derive('wrap-access-key'));
  });
});

describe('page tokens', () => {
  const bind: TokenBinding = {
    operation: 'GetParametersByPath',
    principalArn: 'arn:aws:iam::123456789012:user/admin',
    scope: { accountId: '123456789012', region: 'us-east-1' },
    query: { Path: '/a', Recursive: true },
  };
  test('opens a token for the same caller and query', () => {
    const tokens = createPageTokens(randomBytes(32));
    assert.equal(tokens.open(bind, tokens.issue(bind, '/a/b')), '/a/b');
  });
  test('refuses a token replayed by another caller, for another query, region or operation', () => {
    const tokens = createPageTokens(randomBytes(32));
    const token = tokens.issue(bind, '/a/b');
    assert.equal(tokens.open({ ...bind, principalArn: 'arn:aws:iam::123456789012:user/eve' }, token), undefined);
    assert.equal(tokens.open({ ...bind, query: { Path: '/b', Recursive: true } }, token), undefined);
    assert.equal(tokens.open({ ...bind, scope: { ...bind.scope, region: 'eu-west-1' } }, token), undefined);
    assert.equal(tokens.open({ ...bind, operation: 'DescribeParameters' }, token), undefined);
  });
  test('refuses altered, garbage and expired tokens', () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const tokens = createPageTokens(randomBytes(32), () => now);
    const token = tokens.issue(bind, '/a/b');
    const altered = (token[5] === 'A' ? 'B' : 'A');
    assert.equal(tokens.open(bind, token.slice(0, 5) + altered + token.slice(6)), undefined);
    for (const garbage of ['', 'x', '!!!!', 'a'.repeat(5000), Buffer.from('{"p":"/z","t":0}').toString('base64url')]) {
      assert.equal(tokens.open(bind, garbage), undefined);
    }
    now = new Date('2026-01-02T00:00:01Z');
    assert.equal(tokens.open(bind, token), undefined);
  });
});
