import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fetchAll } from './fetch.js';
import type { SecretReader, SsmReader } from './reader.js';
import { parseSecretRef, readKey, type SecretRef } from './secret-refs.js';
import { parseMap, type Source } from './sources.js';

/** Secrets by `name` or `name::STAGE`; `fail` decides per secret id; every call is recorded. */
function memorySecrets(store: Record<string, string>, hooks: { fail?: (id: string) => Error | undefined; delayMs?: number } = {}) {
  const calls: string[] = [];
  const aborted: string[] = [];
  const reader: SecretReader & { closed: boolean } = {
    closed: false,
    async get(secret: SecretRef, signal: AbortSignal) {
      const key = `${secret.secretId}${secret.versionStage ? `::${secret.versionStage}` : ''}`;
      calls.push(key);
      if (hooks.delayMs) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, hooks.delayMs);
          signal.addEventListener('abort', () => (clearTimeout(timer), aborted.push(key), reject(new Error('aborted'))));
        });
      }
      const error = hooks.fail?.(secret.secretId);
      if (error) throw error;
      const text = store[key];
      if (text === undefined) throw Object.assign(new Error("Secrets Manager can't find the specified secret."), { name: 'ResourceNotFoundException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
      return { kind: 'string', text };
    },
    close() {
      reader.closed = true;
    },
  };
  return { reader, calls, aborted };
}

const noSsm: SsmReader = {
  byPath: () => Promise.reject(new Error('Parameter Store was not to be read')),
  byNames: () => Promise.reject(new Error('Parameter Store was not to be read')),
  close() {},
};

const store = { 'app/db': '{"username":"u","password":"p"}', 'app/db::AWSPREVIOUS': '{"password":"old"}', 'app/token': 't' };
const secret = (spec: string): Source => ({ kind: 'secret', secret: parseSecretRef(spec, '--secret') });

describe('reading secrets', () => {
  test('one GetSecretValue per secret and version, however many sources and references name it', async () => {
    const { reader, calls } = memorySecrets(store);
    const sources = [secret('app/db'), secret('app/db:password'), parseMap('P=secretsmanager://app/db:password'), secret('app/db:password:AWSPREVIOUS')];
    const references = [{ name: 'T', secret: parseSecretRef('app/token', 'T') }, { name: 'U', secret: parseSecretRef('app/db:username', 'U') }];
    const fetched = await fetchAll(undefined, sources, [], false, 5_000, { reader, references });
    assert.deepEqual(calls.sort(), ['app/db', 'app/db::AWSPREVIOUS', 'app/token']);
    assert.deepEqual(fetched.secrets?.get(readKey(parseSecretRef('app/db:x', 'x'))), { kind: 'string', text: store['app/db'] });
    assert.equal(fetched.secrets?.size, 3);
  });

  test('parameters and secrets are read together; without a parameter source Parameter Store is not asked', async () => {
    const { reader } = memorySecrets(store);
    await fetchAll(noSsm, [secret('app/db')], [], false, 5_000, { reader, references: [] });
    const ssm: SsmReader = { ...noSsm, byNames: async (names) => ({ parameters: names.map((name) => ({ name, value: 'v' })), invalid: [] }) };
    const both = await fetchAll(ssm, [parseMap('A=/a'), secret('app/token')], [], false, 5_000, { reader, references: [] });
    assert.deepEqual([both.values.get('/a'), both.secrets?.size], ['v', 1]);
  });

  test('a denied or missing secret stops everything with one line naming it (exit 3), never a value', async () => {
    const denied = Object.assign(new Error('User: arn:aws:iam::1:user/u is not authorized to perform: secretsmanager:GetSecretValue on resource: app/db'), { name: 'AccessDeniedException', $fault: 'client', $metadata: { httpStatusCode: 400 } });
    const { reader } = memorySecrets(store, { fail: (id) => (id === 'app/db' ? denied : undefined) });
    await assert.rejects(fetchAll(undefined, [secret('app/token'), secret('app/db')], [], false, 5_000, { reader, references: [] }), {
      message: `cannot read secret app/db: AccessDeniedException: ${denied.message}`,
      exitCode: 3,
    });
    await assert.rejects(fetchAll(undefined, [secret('app/db:password:AWSPENDING')], [], false, 5_000, { reader: memorySecrets(store).reader, references: [] }), {
      message: "cannot read secret app/db (stage AWSPENDING): ResourceNotFoundException: Secrets Manager can't find the specified secret.",
      exitCode: 3,
    });
  });

  test('the first failure aborts the reads still in flight', async () => {
    const { reader, aborted } = memorySecrets(store, { delayMs: 5_000 });
    const failing: SsmReader = { ...noSsm, byPath: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })) };
    await assert.rejects(fetchAll(failing, [{ kind: 'path', path: '/app' }, secret('app/db')], [], false, 5_000, { reader, references: [] }), /cannot read --path \/app: ECONNREFUSED/);
    assert.deepEqual(aborted, ['app/db']);
  });

  test('the deadline names the stores being read', async () => {
    const slow = () => memorySecrets(store, { delayMs: 10_000 }).reader;
    await assert.rejects(fetchAll(undefined, [secret('app/db')], [], false, 100, { reader: slow(), references: [] }), { message: 'timed out after 0.1 s reading Secrets Manager (--timeout)', exitCode: 3 });
    const never: SsmReader = { ...noSsm, byPath: (_path, _recursive, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))) };
    await assert.rejects(fetchAll(never, [{ kind: 'path', path: '/app' }, secret('app/db')], [], false, 100, { reader: slow(), references: [] }), {
      message: 'timed out after 0.1 s reading Parameter Store and Secrets Manager (--timeout)',
    });
  });

  test('a secret source without a Secrets Manager reader is an internal error, not a silent gap', async () => {
    await assert.rejects(fetchAll(undefined, [secret('app/db')], [], false, 5_000), { message: 'internal error: no reader for Secrets Manager', exitCode: 3 });
  });
});
