// For every implemented operation of every service, and every spelling of each member that names a
// resource (spaces, trailing slashes, `//`, `.` and `..` segments, ARNs, other case, selectors):
// the resources the operation reads or writes in the store are resources it was authorized for.
// An operation that authorized one name and then acted on another (as GetParametersByPath once did
// with `Path=" /prod"`) fails here, whichever service it is in.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createKeyring, type Keyring } from '../crypto/keyring.js';
import { createPageTokens } from '../crypto/page-tokens.js';
import type { Access, AccessCheck, OperationContext, ServiceLimits } from '../services/context.js';
import { createKmsDomain } from '../services/kms/domain.js';
import { runOperation } from '../services/run-operation.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { ServiceError } from '../wire/errors.js';
import { decodeJsonInput, decodeQueryInput } from '../wire/shapes.js';
import { builtInServices } from './services.js';
import { ACCOUNT, REGION, SEED, fixedMembers, spellings, type World } from './testing/operation-samples.js';
import { createResourceRecorder } from './testing/resource-recorder.js';
import type { ServiceEntry } from './types.js';

const entries = new Map(builtInServices.map((entry) => [entry.signingName, entry]));
const ADMIN = { arn: `arn:aws:iam::${ACCOUNT}:user/admin`, accountId: ACCOUNT, userId: 'AIDAADMIN', accessKeyId: 'AKIAADMIN', kind: 'user' as const };

/** Allows everything, and keeps every resource it was asked about (and the policy ARN an attach names). */
function recordingAccess(authorized: Set<string>): Access {
  const check = async (c: AccessCheck) => {
    authorized.add(c.resource);
    const policyArn = c.context?.['iam:PolicyARN'];
    if (typeof policyArn === 'string') authorized.add(policyArn);
    return { allowed: true, decision: 'Allow' as const, message: '' };
  };
  return { check, require: async (c) => void (await check(c)), hasDenyStatements: async () => false };
}

function contextOver(store: Store, keyring: Keyring, access: Access, limits: ServiceLimits): OperationContext {
  const now = () => new Date('2026-01-01T00:00:00Z');
  return {
    requestId: 'req',
    accountId: ACCOUNT,
    region: REGION,
    principal: ADMIN,
    now,
    store,
    kms: createKmsDomain({ keys: store.keys, keyring, now }),
    tokens: createPageTokens(keyring.derive('page-tokens'), now),
    limits,
    access,
    keyring,
  };
}

function queryParams(input: Record<string, unknown>, operation: string, entry: ServiceEntry): URLSearchParams {
  const params = new URLSearchParams({ Action: operation, Version: entry.model.metadata.apiVersion });
  const put = (prefix: string, value: unknown): void => {
    if (Array.isArray(value)) value.forEach((item: unknown, i) => put(`${prefix}.member.${i + 1}`, item));
    else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) put(`${prefix}.${k}`, v);
    else params.set(prefix, String(value));
  };
  for (const [member, value] of Object.entries(input)) put(member, value);
  return params;
}

function decode(entry: ServiceEntry, operation: string, wireInput: Record<string, unknown>): Record<string, unknown> {
  return entry.protocol === 'json'
    ? decodeJsonInput(entry.model, operation, wireInput)
    : decodeQueryInput(entry.model, operation, queryParams(wireInput, operation, entry));
}

/** Runs one call; a ServiceError is an answer like any other here. */
async function call(ctx: OperationContext, service: string, operation: string, wireInput: Record<string, unknown>): Promise<Record<string, unknown> | ServiceError> {
  const entry = entries.get(service);
  if (!entry) throw new Error(`no service ${service}`);
  try {
    return await runOperation(entry, operation, decode(entry, operation, wireInput), ctx);
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
}

/** The world, built once through the operations themselves, in a file each case starts from a copy of. */
async function seedWorld(file: string): Promise<{ keyring: Keyring; world: World }> {
  const raw = openSqliteStore({ path: file });
  const keyring = createKeyring(randomBytes(32));
  const ctx = contextOver(raw, keyring, recordingAccess(new Set()), { maxParameterVersions: 100 });
  let keyId = '';
  const must = async (service: string, operation: string, input: Record<string, unknown>) => {
    const out = await call(ctx, service, operation, input);
    if (out instanceof ServiceError) throw new Error(`seeding ${operation} failed: ${out.code} ${out.message}`);
    return out;
  };
  for (const [service, operation, input] of SEED) {
    const filled = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, v === '$key' ? keyId : v]));
    const out = await must(service, operation, filled);
    if (operation === 'CreateKey') keyId = String((out['KeyMetadata'] as { KeyId: string }).KeyId);
  }
  const accessKey = (await must('iam', 'CreateAccessKey', { UserName: 'alice' }))['AccessKey'] as { AccessKeyId: string };
  const blob = (await must('kms', 'Encrypt', { KeyId: keyId, Plaintext: Buffer.from('x').toString('base64') }))['CiphertextBlob'] as Buffer;
  await raw.close();
  return { keyring, world: { keyId, ciphertext: blob.toString('base64'), accessKeyId: accessKey.AccessKeyId } };
}

// tmpfs where there is one: every case copies the world and writes to it.
const dir = mkdtempSync(path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'kura-authz-'));
const seedFile = path.join(dir, 'world.db');
let seeded: Promise<{ keyring: Keyring; world: World }> | undefined;
let copies = 0;

async function freshWorld(): Promise<{ raw: Store; keyring: Keyring; world: World; dispose: () => Promise<void> }> {
  seeded ??= seedWorld(seedFile);
  const { keyring, world } = await seeded;
  const file = path.join(dir, `case-${copies++}.db`);
  copyFileSync(seedFile, file);
  const raw = openSqliteStore({ path: file });
  const dispose = async () => {
    await raw.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  };
  return { raw, keyring, world, dispose };
}

/** The wire input of an operation with every member it can take from the samples. */
function baseInput(entry: ServiceEntry, operation: string, fixed: Record<string, unknown>, spelled: Record<string, unknown[]>): Record<string, unknown> {
  const ref = entry.model.operations[operation]?.input;
  const members = Object.keys((ref && entry.model.shapes[ref.shape]?.members) ?? {});
  const required = new Set((ref && entry.model.shapes[ref.shape]?.required) ?? []);
  const input: Record<string, unknown> = {};
  for (const member of members) {
    const value = spelled[member]?.[0] ?? fixed[member];
    if (value !== undefined) input[member] = value;
    else if (required.has(member)) throw new Error(`${entry.signingName} ${operation}: no sample for required member ${member}`);
  }
  return input;
}

/** Resources AWS does not authorize for an operation although it reads them (with why). */
function exempt(operation: string, call: string, arn: string): boolean {
  // The group is the resource of these; the user is only looked up (AWS's IAM actions table).
  if ((operation === 'AddUserToGroup' || operation === 'RemoveUserFromGroup') && arn.includes(':user/')) return true;
  // SimulatePrincipalPolicy is authorized on the simulated principal; reading its groups and policies is part of that.
  if (operation === 'SimulatePrincipalPolicy' && (arn.includes(':policy/') || arn.includes(':group/'))) return true;
  // Account quotas (Create*) and a policy's boundary-usage count (GetPolicy) count entities; they
  // return none of them.
  if (arn === '*' && (operation.startsWith('Create') || operation === 'GetPolicy')) return true;
  // GetPolicy's AttachmentCount of an AWS managed policy counts the principals it is attached to.
  if (operation === 'GetPolicy' && call === 'identities.attachedPolicies') return true;
  return false;
}

after(() => rmSync(dir, { recursive: true, force: true }));

// The mode changes only how SSM authorizes GetParametersByPath: the other services run once.
for (const mode of ['strict', 'aws'] as const) {
  describe(`every operation acts only on resources it was authorized for (--path-authorization ${mode})`, () => {
    for (const entry of builtInServices.filter((e) => mode === 'strict' || e.signingName === 'ssm')) {
      for (const operation of Object.keys(entry.operations)) {
        it(`${entry.signingName}:${operation}`, async () => {
          const limits: ServiceLimits = { maxParameterVersions: 100, pathAuthorization: mode };
          // Each case runs in a copy of the world of its own: writes must not leak into the next case.
          const { world, dispose } = await freshWorld();
          await dispose();
          const spelled = spellings(entry.signingName, world);
          const base = baseInput(entry, operation, fixedMembers(entry.signingName, world), spelled);
          const cases: Array<Record<string, unknown>> = [base];
          for (const member of Object.keys(base)) for (const spelling of (spelled[member] ?? []).slice(1)) cases.push({ ...base, [member]: spelling });
          for (const input of cases) {
            const { raw, keyring, dispose } = await freshWorld();
            const recorder = createResourceRecorder(raw, REGION, ACCOUNT);
            const authorized = new Set<string>();
            const outcome = await call(contextOver(recorder.store, keyring, recordingAccess(authorized), limits), entry.signingName, operation, input);
            // A refused call's reads return nothing to the caller but its error (KMS, for one, reads
            // a key to find the key policy that decides): its writes, and every touch of a call that
            // succeeded, must have been authorized.
            const failed = outcome instanceof ServiceError;
            for (const touch of recorder.touches.filter((t) => t.found && (t.write || !failed))) {
              for (const alternatives of touch.resources) {
                const covered = authorized.has('*') || alternatives.some((arn) => authorized.has(arn) || exempt(operation, touch.call, arn));
                assert.ok(covered, `${operation} ${JSON.stringify(input)}: ${touch.call} acted on ${alternatives.join(' | ')}, authorized only ${[...authorized].join(', ') || 'nothing'}`);
              }
            }
            await dispose();
          }
        });
      }
    }
  });
}
