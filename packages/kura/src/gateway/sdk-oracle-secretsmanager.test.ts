// The official SDK v3 Secrets Manager client as the oracle: requests it serializes go through the
// real model decoding into the handlers, and it must parse every answer (outputs, dates, blobs and
// the modeled errors) as it parses AWS's.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  InvalidRequestException,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
  DeleteSecretCommand,
  BatchGetSecretValueCommand,
} from '@aws-sdk/client-secrets-manager';
import { sdkHandler } from './testing/sdk-handler.js';
import { createHarness, type Harness } from '../services/secretsmanager/testing/context.js';

let h: Harness;
let client: SecretsManagerClient;

beforeEach(() => {
  h = createHarness();
  client = new SecretsManagerClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    maxAttempts: 1,
    requestHandler: sdkHandler('secretsmanager', () => h.ctx, { authorize: true }),
  });
});
afterEach(async () => {
  client.destroy();
  await h.close();
});

describe('Secrets Manager through the SDK v3 client', () => {
  it('round-trips string and binary secrets, with the token the SDK fills in as VersionId', async () => {
    const created = await client.send(new CreateSecretCommand({ Name: 'app/db', SecretString: '{"user":"u","password":"p"}' }));
    assert.match(created.ARN ?? '', /^arn:aws:secretsmanager:us-east-1:123456789012:secret:app\/db-[A-Za-z0-9]{6}$/);
    assert.match(created.VersionId ?? '', /^[0-9a-f-]{36}$/);
    const got = await client.send(new GetSecretValueCommand({ SecretId: created.ARN }));
    assert.equal(got.SecretString, '{"user":"u","password":"p"}');
    assert.deepEqual(got.VersionStages, ['AWSCURRENT']);
    assert.ok(got.CreatedDate instanceof Date);
    await client.send(new CreateSecretCommand({ Name: 'bin', SecretBinary: new Uint8Array([0, 255, 7]) }));
    const bin = await client.send(new GetSecretValueCommand({ SecretId: 'bin' }));
    assert.deepEqual([...(bin.SecretBinary ?? [])], [0, 255, 7]);
  });

  it('parses DescribeSecret, ListSecrets, ListSecretVersionIds and BatchGetSecretValue', async () => {
    await client.send(new CreateSecretCommand({ Name: 'a', SecretString: 'one', Tags: [{ Key: 'k', Value: 'v' }] }));
    // A minute later: versions list oldest first, and same-instant versions would order by id.
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    await client.send(new PutSecretValueCommand({ SecretId: 'a', SecretString: 'two' }));
    const described = await client.send(new DescribeSecretCommand({ SecretId: 'a' }));
    assert.equal(Object.values(described.VersionIdsToStages ?? {}).length, 2);
    assert.ok(described.LastChangedDate instanceof Date);
    const listed = await client.send(new ListSecretsCommand({ Filters: [{ Key: 'tag-key', Values: ['k'] }] }));
    assert.deepEqual(listed.SecretList?.map((s) => s.Name), ['a']);
    const versions = await client.send(new ListSecretVersionIdsCommand({ SecretId: 'a' }));
    assert.deepEqual(versions.Versions?.map((v) => v.VersionStages), [['AWSPREVIOUS'], ['AWSCURRENT']]);
    const batch = await client.send(new BatchGetSecretValueCommand({ SecretIdList: ['a', 'missing'] }));
    assert.deepEqual(batch.SecretValues?.map((v) => v.SecretString), ['two']);
    assert.deepEqual(batch.Errors?.map((e) => e.ErrorCode), ['ResourceNotFoundException']);
  });

  it('surfaces the modeled errors with their messages', async () => {
    await assert.rejects(client.send(new GetSecretValueCommand({ SecretId: 'nope' })), (e: unknown) => e instanceof ResourceNotFoundException && e.message === "Secrets Manager can't find the specified secret.");
    await client.send(new CreateSecretCommand({ Name: 'x', SecretString: 'v' }));
    await assert.rejects(client.send(new CreateSecretCommand({ Name: 'x', SecretString: 'v' })), ResourceExistsException);
    await client.send(new DeleteSecretCommand({ SecretId: 'x' }));
    await assert.rejects(client.send(new GetSecretValueCommand({ SecretId: 'x' })), InvalidRequestException);
  });

  it('returns a random password', async () => {
    const out = await client.send(new GetRandomPasswordCommand({ PasswordLength: 40, ExcludePunctuation: true }));
    assert.match(out.RandomPassword ?? '', /^[A-Za-z0-9]{40}$/);
  });
});
