// Several servers starting at once on one PostgreSQL store with the same seed: every creation is
// won by one of them and compared by the others (the store's conditional writes), so none fails,
// nothing is created twice, and a later start finds everything matching.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { createKeyring } from '../crypto/keyring.js';
import type { PostgresStore } from '../store/postgres/index.js';
import { openSharedTestStores } from '../store/postgres/testing/database.js';
import { seedWorld } from './testing/seed-kit.js';

const SEED = `kms:
  keys:
    - {keyId: 3f2504e0-4f89-41d3-9a0c-0305e82c3301, aliases: [alias/app]}
ssm:
  parameters:
    - {name: /app/db/host, type: String, value: db}
    - {name: /app/db/password, type: SecureString, keyId: alias/app, value: pw}
iam:
  policies:
    - {name: read, document: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: 'ssm:GetParameter', Resource: '*'}]}}
  users:
    - name: ci
      managedPolicies: [read]
      accessKeys: [{accessKeyId: AKIAKURASEEDCI000001, secretAccessKey: ci-secret-key-for-tests-only-0123456789}]
  roles:
    - {name: task, assumeRolePolicy: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {AWS: 'arn:aws:iam::000000000000:user/ci'}, Action: 'sts:AssumeRole'}]}}
secretsmanager:
  secrets:
    - {name: app/db, value: {password: pw}, kmsKeyId: alias/app}
`;

describe('a seed applied by three replicas at once on one PostgreSQL store', () => {
  const stores: PostgresStore[] = [];
  after(async () => {
    for (const store of stores) await store.close();
  });

  test('none fails, each thing is created once, and the next start changes nothing', async () => {
    stores.push(...(await openSharedTestStores(3)));
    const keyring = createKeyring(randomBytes(32));
    const worlds = [];
    for (const store of stores) worlds.push(await seedWorld({ store, keyring }));
    const results = await Promise.allSettled(worlds.map((w) => w.apply({ 'seed.yaml': SEED })));
    assert.deepEqual(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok')), ['ok', 'ok', 'ok']);
    const reported = results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
    for (const created of ['seed: KMS key 3f2504e0-4f89-41d3-9a0c-0305e82c3301: created', 'seed: /app/db/host: created (version 1)', 'seed: policy read: created', 'seed: user ci: created', 'seed: secret app/db: created']) {
      assert.equal(reported.filter((line) => line === created).length, 1, `${created}: by one replica only`);
    }
    for (const w of worlds) assert.deepEqual(await w.apply({ 'seed.yaml': SEED }), []);
    const api = worlds[0]?.api;
    assert.ok(api);
    const history = await api.call('ssm', 'GetParameterHistory', { Name: '/app/db/host' }, 'us-east-1');
    assert.equal((history.Parameters as unknown[]).length, 1);
    const versions = await api.call('secretsmanager', 'ListSecretVersionIds', { SecretId: 'app/db' }, 'us-east-1');
    assert.equal((versions.Versions as unknown[]).length, 1);
    const policyVersions = await api.call('iam', 'ListPolicyVersions', { PolicyArn: 'arn:aws:iam::000000000000:policy/read' }, 'us-east-1');
    assert.equal((policyVersions.Versions as unknown[]).length, 1);
  });
});
