// Concurrent writes to one secret: decided on the revision read, retried on conflict, so labels are
// never lost or doubled; and a secret replaced under the same name between authorization and the
// write is not written, nor deleted (it is another secret, with another ARN).

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createHarness, rejectsWith, token, type Harness } from './testing/context.js';
import { deleteSecret } from './delete-secret.js';
import { purgeExpired, resolveSecret } from './resolve.js';
import { writeSecret } from './write.js';

let h: Harness;
beforeEach(() => {
  h = createHarness();
});
afterEach(() => h.close());

describe('writes to one secret', () => {
  it('lets concurrent PutSecretValue calls all land, with exactly one AWSCURRENT and one AWSPREVIOUS', async () => {
    await h.create('busy', 'v0');
    await Promise.all([2, 3, 4, 5, 6].map((n) => h.call('PutSecretValue', { SecretId: 'busy', SecretString: `v${n}`, ClientRequestToken: token(n) })));
    const stages = Object.values(await h.stages('busy'));
    assert.equal(stages.length, 6);
    assert.equal(stages.filter((s) => s.includes('AWSCURRENT')).length, 1);
    assert.equal(stages.filter((s) => s.includes('AWSPREVIOUS')).length, 1);
  });

  // The replacement is at revision 1, as the secret read was: only the ARN tells them apart.
  it('refuses to write a secret deleted and created again under its name after it was read, at the same revision', async () => {
    await h.create('swapped', 'old');
    const scope = { accountId: h.ctx.accountId, region: h.ctx.region };
    const read = await h.store.secrets.get(scope, 'swapped');
    assert.ok(read);
    let first = true;
    const attempt = writeSecret(h.ctx, read, async (secret) => {
      if (first) {
        first = false;
        await h.call('DeleteSecret', { SecretId: 'swapped', ForceDeleteWithoutRecovery: true });
        await h.create('swapped', 'new');
      }
      return { output: {}, change: { patch: { description: `written to ${secret.arn}` } } };
    });
    await rejectsWith(attempt, 'ResourceNotFoundException');
    assert.equal((await h.call('DescribeSecret', { SecretId: 'swapped' }))['Description'], undefined);
  });

  it('lets a forced DeleteSecret, and the end of a recovery window, delete only the secret they read, not its replacement', async () => {
    await h.create('swapped', 'old');
    const input = Object.freeze({ SecretId: 'swapped', ForceDeleteWithoutRecovery: true });
    // The request resolves its secret (as its authorization does), then the secret is replaced.
    const read = await resolveSecret(h.ctx, input, 'swapped');
    await h.call('DeleteSecret', { SecretId: 'swapped', ForceDeleteWithoutRecovery: true });
    const replacement = await h.create('swapped', 'new');
    const out = await deleteSecret(input, h.ctx);
    assert.equal(out['ARN'], read.arn);
    assert.equal((await h.call('DescribeSecret', { SecretId: 'swapped' }))['ARN'], replacement);
    assert.ok(read.secret);
    await purgeExpired(h.ctx, read.secret);
    assert.equal(await h.value('swapped'), 'new');
  });
});
