// Each secret version sealed as Secrets Manager seals it
// (https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html): a fresh
// 256-bit data key from kms:GenerateDataKey under the secret's KMS key, with the encryption context
// {"SecretARN": <secret ARN>, "SecretVersionId": <version id>}; the value AES-256-GCM under that
// data key; the data key kept only as KMS ciphertext beside it. Reading is kms:Decrypt of the data
// key with the same context. KMS authorizes the caller itself (forward access) with
// kms:ViaService = secretsmanager.<region>.amazonaws.com, so the AWS managed aws/secretsmanager key
// needs no KMS permission (its policy allows the account through the service) and a customer key
// needs the caller's own. The stored envelope holds no plaintext and no usable key.
//
// Layout: format 1 | data key blob length (2, big-endian) | data key blob | AES-256-GCM of the
// value, whose additional data binds secret ARN, version id and kind. A version re-encrypted under
// a new key (UpdateSecret's KmsKeyId, resealValue) is format 2 | count (1) | count × (length (2) |
// blob) | the same AES-256-GCM body: one data key wrapped under each key, the newest first.

import { open, seal } from '../../crypto/aead.js';
import type { SecretValueKind, SecretVersionRecord } from '../../store/secrets.js';
import { ServiceError } from '../../wire/errors.js';
import { KmsFailure, scopeOf, type KmsCaller, type OperationContext } from '../context.js';
import { smErrors } from './errors.js';

export const DEFAULT_SECRETS_KEY = 'alias/aws/secretsmanager';
const ONE_KEY = 1;
const KEYS = 2;
/** A key changed again and again keeps the newest wrappings only: the oldest keys stop opening the version. */
const MAX_WRAPPED_KEYS = 4;

/** The key a secret names, or aws/secretsmanager for none (null) or an empty KmsKeyId, as AWS reads one. */
export function keyOrDefault(keyRef: string | null): string {
  return keyRef === null || keyRef === '' ? DEFAULT_SECRETS_KEY : keyRef;
}

function encryptionContext(secretArn: string, versionId: string): Record<string, string> {
  return { SecretARN: secretArn, SecretVersionId: versionId };
}

function aad(secretArn: string, versionId: string, kind: SecretValueKind): Buffer {
  return Buffer.from(`kura-secretsmanager-v1\u0000${secretArn}\u0000${versionId}\u0000${kind}`, 'utf8');
}

export function viaSecretsManager(ctx: OperationContext): KmsCaller {
  return { access: ctx.access, principalArn: ctx.principal.arn, accountId: ctx.principal.accountId, viaService: `secretsmanager.${ctx.region}.amazonaws.com` };
}

/** KMS's refusals become Secrets Manager's errors; a KMS fault stays a server fault. */
function translate(error: unknown, failure: (message: string) => Error): unknown {
  if (!(error instanceof KmsFailure)) return error;
  // AWS's text when the caller may not use the key through Secrets Manager.
  if (error.code === 'AccessDeniedException') return smErrors.accessDenied('Access to KMS is not allowed');
  if (error.code === 'KMSInternalException' || error.code === 'DependencyTimeoutException' || error.code === 'KeyUnavailableException') {
    return new Error(`KMS failed while serving Secrets Manager: ${error.code}`);
  }
  return failure(error.message === '' ? error.code : error.message);
}

export interface Sealed {
  sealed: Buffer;
  keyArn: string;
}

interface Envelope {
  /** The data key wrapped under each key, the newest first. */
  blobs: Buffer[];
  body: Buffer;
}

function parseEnvelope(envelope: Buffer): Envelope | undefined {
  const format = envelope.length > 0 ? envelope.readUInt8(0) : 0;
  if (format !== ONE_KEY && (format !== KEYS || envelope.length < 2)) return undefined;
  const count = format === ONE_KEY ? 1 : envelope.readUInt8(1);
  let offset = format === ONE_KEY ? 1 : 2;
  const blobs: Buffer[] = [];
  for (let i = 0; i < count; i += 1) {
    const length = envelope.length >= offset + 2 ? envelope.readUInt16BE(offset) : -1;
    if (length < 0 || envelope.length < offset + 2 + length) return undefined;
    blobs.push(envelope.subarray(offset + 2, offset + 2 + length));
    offset += 2 + length;
  }
  return blobs.length > 0 ? { blobs, body: envelope.subarray(offset) } : undefined;
}

function buildEnvelope({ blobs, body }: Envelope): Buffer {
  const header = blobs.length === 1 ? Buffer.from([ONE_KEY]) : Buffer.from([KEYS, blobs.length]);
  const wrapped = blobs.map((blob) => {
    const length = Buffer.alloc(2);
    length.writeUInt16BE(blob.length, 0);
    return Buffer.concat([length, blob]);
  });
  return Buffer.concat([header, ...wrapped, body]);
}

const undecryptable = () => smErrors.decryptionFailure("Secrets Manager can't decrypt the protected secret text using the provided KMS key.");

/** Seals `value` for version `versionId` of the secret under `keyRef` (default: aws/secretsmanager). */
export async function sealValue(ctx: OperationContext, secretArn: string, versionId: string, keyRef: string | null, kind: SecretValueKind, value: Buffer): Promise<Sealed> {
  let dataKey: { plaintext: Buffer; blob: Buffer; keyArn: string };
  try {
    dataKey = await ctx.kms.generateDataKey(scopeOf(ctx), keyOrDefault(keyRef), 32, encryptionContext(secretArn, versionId), viaSecretsManager(ctx));
  } catch (error) {
    throw translate(error, smErrors.encryptionFailure);
  }
  try {
    const body = seal(dataKey.plaintext, value, aad(secretArn, versionId, kind));
    return { sealed: buildEnvelope({ blobs: [dataKey.blob], body }), keyArn: dataKey.keyArn };
  } finally {
    dataKey.plaintext.fill(0);
  }
}

/**
 * The version's data key, from the first wrapping the caller may open (kms:Decrypt, the newest key
 * first, so a caller of either key of a re-encrypted version reads it); when none opens, the newest
 * key's refusal. A KMS fault is a server fault at once, not a refusal to try past.
 */
async function openDataKey(ctx: OperationContext, secretArn: string, versionId: string, blobs: readonly Buffer[]): Promise<Buffer> {
  let refusal: ServiceError | undefined;
  for (const blob of blobs) {
    try {
      return (await ctx.kms.decrypt(scopeOf(ctx), Buffer.from(blob), encryptionContext(secretArn, versionId), viaSecretsManager(ctx))).plaintext;
    } catch (error) {
      const translated = translate(error, smErrors.decryptionFailure);
      if (!(translated instanceof ServiceError)) throw translated;
      refusal ??= translated;
    }
  }
  throw refusal ?? undecryptable();
}

/** The value of a version, opened for the caller (kms:Decrypt of its data key). */
export async function openValue(ctx: OperationContext, secretArn: string, version: SecretVersionRecord): Promise<Buffer> {
  const envelope = parseEnvelope(version.sealed);
  if (!envelope) throw undecryptable();
  const dataKey = await openDataKey(ctx, secretArn, version.versionId, envelope.blobs);
  try {
    const value = open(dataKey, envelope.body, aad(secretArn, version.versionId, version.kind));
    if (!value) throw undecryptable();
    return value;
  } finally {
    dataKey.fill(0);
  }
}

/**
 * The version re-encrypted under `keyRef`, as AWS re-encrypts the labelled versions when a secret's
 * key changes: its data key, opened for the caller (kms:Decrypt of a key it is wrapped under), is
 * wrapped again under the new key (kms:Encrypt), both through Secrets Manager, ahead of the
 * wrappings it had, so that the previous key still opens it, as AWS keeps it. The body is not
 * touched. undefined when the caller may not use the old key or the new one (AWS then leaves the
 * version as it was), or when the version is sealed under that key already.
 */
export async function resealValue(ctx: OperationContext, secretArn: string, version: SecretVersionRecord, keyRef: string | null): Promise<Sealed | undefined> {
  const envelope = parseEnvelope(version.sealed);
  if (!envelope) return undefined;
  let dataKey: Buffer;
  try {
    dataKey = await openDataKey(ctx, secretArn, version.versionId, envelope.blobs);
  } catch (error) {
    if (error instanceof ServiceError) return undefined;
    throw error;
  }
  try {
    const wrapped = await ctx.kms.encrypt(scopeOf(ctx), keyOrDefault(keyRef), dataKey, encryptionContext(secretArn, version.versionId), viaSecretsManager(ctx));
    if (wrapped.keyArn === version.kmsKeyArn) return undefined;
    const blobs = [wrapped.blob, ...envelope.blobs].slice(0, MAX_WRAPPED_KEYS);
    return { sealed: buildEnvelope({ blobs, body: envelope.body }), keyArn: wrapped.keyArn };
  } catch (error) {
    const translated = translate(error, smErrors.encryptionFailure);
    if (translated instanceof ServiceError) return undefined;
    throw translated;
  } finally {
    dataKey.fill(0);
  }
}
