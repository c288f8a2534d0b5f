// Key material never rests in the clear: after keys are created and rotated in a file-backed store,
// the unwrapped material appears in no file of the data directory.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { createKeyring } from '../../crypto/keyring.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { createKmsDomain, materialAad } from './domain.js';

test('unwrapped KMS key material is in no file of the data directory', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kura-material-'));
  const store = openSqliteStore({ path: path.join(dir, 'kura.db') });
  const keyring = createKeyring(randomBytes(32));
  const scope = { accountId: '123456789012', region: 'us-east-1' };
  // A usage bound of 2 forces several rotations, so several materials exist.
  const kms = createKmsDomain({ keys: store.keys, keyring, now: () => new Date(), materialUsageLimit: 2 });
  for (let i = 0; i < 7; i += 1) await kms.encrypt(scope, 'alias/aws/ssm', Buffer.from(`v${i}`), {});
  const materials = await store.keys.allMaterials();
  assert.ok(materials.length >= 3);
  const plain = materials.map((m) => keyring.unwrap('wrap-kms-material', m.wrapped, materialAad(m.scope, m.keyId, m.version)));
  const scan = () => {
    for (const name of readdirSync(dir)) {
      const bytes = readFileSync(path.join(dir, name));
      for (const material of plain) {
        assert.equal(bytes.indexOf(material), -1, `material found in ${name}`);
        assert.equal(bytes.indexOf(Buffer.from(material.toString('base64'))), -1, `base64 material found in ${name}`);
        assert.equal(bytes.indexOf(Buffer.from(material.toString('hex'))), -1, `hex material found in ${name}`);
      }
    }
  };
  scan();
  await store.close();
  scan();
  // The wrapped form is what is stored: finding it proves the scan reads the data.
  assert.ok(readFileSync(path.join(dir, 'kura.db')).includes(materials[0]!.wrapped));
});
