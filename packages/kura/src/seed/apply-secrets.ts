// Applying a seed's Secrets Manager secrets through the Secrets Manager operations. A secret matches
// when its AWSCURRENT version holds the seed's value (a string, or bytes compared as bytes) and, where the seed names them, its
// description, KMS key, tags and resource policy (as a JSON value) are as declared. A different
// value becomes a new version labelled AWSCURRENT (the old one becomes AWSPREVIOUS, as with any
// PutSecretValue); a secret scheduled for deletion is restored first. A secret whose seed names
// rotation and that its function has rotated (LastRotatedDate) holds the function's value: the
// seed's is its first value only, and putting it back would undo the rotation (a database password
// the function has changed). Rotation itself: apply-secret-rotation.ts.

import { randomUUID } from 'node:crypto';
import { differs, sameDocument, tagsToSet } from './compare.js';
import type { SeedSecret } from './format.js';
import { applySecretRotation } from './apply-secret-rotation.js';
import { forEach, found, settle, type ApplyContext } from './operator.js';

interface Described {
  Description?: string;
  KmsKeyId?: string;
  DeletedDate?: Date;
  LastRotatedDate?: Date;
  Tags?: Array<{ Key: string; Value: string }>;
}

/** The value as CreateSecret and PutSecretValue take it. */
const valueIn = (s: SeedSecret) => (Buffer.isBuffer(s.value) ? { SecretBinary: s.value } : { SecretString: s.value });

/** Whether AWSCURRENT holds the seed's value, of the same kind (a string is not its bytes). */
function holds(current: Record<string, unknown> | undefined, s: SeedSecret): boolean {
  if (!Buffer.isBuffer(s.value)) return current?.SecretString === s.value;
  const binary = current?.SecretBinary;
  return binary instanceof Uint8Array && Buffer.from(binary).equals(s.value);
}

export async function applySecrets(a: ApplyContext, secrets: readonly SeedSecret[]): Promise<void> {
  await forEach(secrets, async (s) => {
    let created = false;
    await settle(async () => void (created = await applySecret(a, s)), ['ResourceExistsException']);
    await applyResourcePolicy(a, s);
    await applySecretRotation(a, s, created);
  });
}

/** True when the secret was created (rather than compared). */
async function applySecret(a: ApplyContext, s: SeedSecret): Promise<boolean> {
  const call = (operation: string, input: Record<string, unknown>) => a.op.call('secretsmanager', operation, input, s.region);
  const label = `secret ${s.name}`;
  let described = (await found(call('DescribeSecret', { SecretId: s.name }), ['ResourceNotFoundException'])) as Described | undefined;
  if (!described) {
    await call('CreateSecret', {
      Name: s.name,
      ...valueIn(s),
      ClientRequestToken: randomUUID(),
      ...(s.description !== undefined ? { Description: s.description } : {}),
      ...(s.kmsKeyId !== undefined ? { KmsKeyId: s.kmsKeyId } : {}),
      ...(s.tags.length > 0 ? { Tags: s.tags.map((t) => ({ Key: t.key, Value: t.value })) } : {}),
    });
    a.report(`seed: ${label}: created`);
    return true;
  }
  if (described.DeletedDate !== undefined) {
    await call('RestoreSecret', { SecretId: s.name });
    a.report(`seed: ${label}: was scheduled for deletion, restored`);
    described = { ...described, DeletedDate: undefined };
  }
  const changed: string[] = [];
  const description = s.description !== undefined && (described.Description ?? '') !== s.description;
  const key = s.kmsKeyId !== undefined && described.KmsKeyId !== s.kmsKeyId;
  // The key first: a new value is then sealed under the key the seed names.
  if (description || key) {
    await call('UpdateSecret', { SecretId: s.name, ...(description ? { Description: s.description } : {}), ...(key ? { KmsKeyId: s.kmsKeyId } : {}) });
    if (description) changed.push('description');
    if (key) changed.push('key');
  }
  const rotated = s.rotation !== undefined && described.LastRotatedDate !== undefined;
  const current = rotated ? undefined : await found(call('GetSecretValue', { SecretId: s.name }), ['ResourceNotFoundException']);
  let version: string | undefined;
  if (!rotated && !holds(current, s)) {
    version = (await call('PutSecretValue', { SecretId: s.name, ...valueIn(s), ClientRequestToken: randomUUID() })).VersionId as string;
    changed.push('value');
  }
  const tags = tagsToSet(s.tags, (described.Tags ?? []).map((t) => ({ key: t.Key, value: t.Value })));
  if (tags.length > 0) {
    await call('TagResource', { SecretId: s.name, Tags: tags.map((t) => ({ Key: t.key, Value: t.value })) });
    changed.push(`tags (${tags.map((t) => t.key).join(', ')})`);
  }
  if (changed.length > 0) a.report(`seed: ${label}: ${differs(changed)}, ${version ? `new version ${version}` : 'updated'}`);
  return false;
}

async function applyResourcePolicy(a: ApplyContext, s: SeedSecret): Promise<void> {
  if (s.resourcePolicy === undefined) return;
  const call = (operation: string, input: Record<string, unknown>) => a.op.call('secretsmanager', operation, input, s.region);
  const current = (await call('GetResourcePolicy', { SecretId: s.name })).ResourcePolicy as string | undefined;
  if (current !== undefined && sameDocument(current, s.resourcePolicy)) return;
  await call('PutResourcePolicy', { SecretId: s.name, ResourcePolicy: s.resourcePolicy });
  a.report(`seed: secret ${s.name}: resource policy ${current === undefined ? 'set' : 'differs, replaced'}`);
}
