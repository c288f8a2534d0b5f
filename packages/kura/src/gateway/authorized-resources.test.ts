// For every implemented operation of every service, and every spelling of each member that names a
// resource (spaces, trailing slashes, `//`, `.` and `..` levels, ARNs, other case, selectors, aliases):
// the resources the operation reads or writes in the store are resources it was authorized for.
// An operation that authorized one name and then acted on another (as GetParametersByPath once did
// with `Path=" /prod"`) fails here, whichever service it is in.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Access, AccessCheck, OperationContext, ServiceLimits } from '../services/context.js';
import { createKmsDomain } from '../services/kms/domain.js';
import { runOperation } from '../services/run-operation.js';
import { ServiceError } from '../wire/errors.js';
import { builtInServices } from './services.js';
import { createResourceRecorder } from './testing/resource-recorder.js';
import { spellingsOf } from './testing/spellings.js';
import { decodeAsGateway, plausibleInput } from './testing/wire-input.js';
import { createWorld, type World } from './testing/world.js';
import type { ServiceEntry } from './types.js';

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

/** Resources AWS does not authorize for an operation although it reads them (with why). */
function exempt(operation: string, call: string, arn: string): boolean {
  // The group is the resource of these; the user is only looked up (AWS's IAM actions table).
  if ((operation === 'AddUserToGroup' || operation === 'RemoveUserFromGroup') && arn.includes(':user/')) return true;
  // SimulatePrincipalPolicy is authorized on the simulated principal; reading its groups and policies is part of that.
  if (operation === 'SimulatePrincipalPolicy' && (arn.includes(':policy/') || arn.includes(':group/'))) return true;
  // Account quotas (Create*) and a policy's boundary-usage count (GetPolicy, and DeletePolicy, which
  // refuses a policy still used as a boundary) count entities; they return none of them.
  if (arn === '*' && (operation.startsWith('Create') || operation === 'GetPolicy' || operation === 'DeletePolicy')) return true;
  // A permissions boundary is checked to exist; it is authorized as the condition key
  // iam:PermissionsBoundary, not as a resource (AWS's IAM actions table).
  if (/^(Create(User|Role)|Put(User|Role)PermissionsBoundary)$/.test(operation) && call === 'policies.getPolicy' && arn.includes(':policy/')) return true;
  // GetPolicy's AttachmentCount of an AWS managed policy counts the principals it is attached to.
  if (operation === 'GetPolicy' && call === 'policies.attachedPolicies') return true;
  return false;
}

/** Runs `input` in a fresh world of the service, recording what it authorized and what it touched. */
async function runRecorded(entry: ServiceEntry, operation: string, limits: ServiceLimits, inputOf: (world: World, unique: () => number) => Record<string, unknown>) {
  const world = await createWorld(entry.signingName);
  try {
    let counter = 0;
    const input = inputOf(world, () => (counter += 1));
    const recorder = createResourceRecorder(world.store, world.ctx.region, world.ctx.accountId);
    const authorized = new Set<string>();
    const ctx: OperationContext = {
      ...world.ctx,
      store: recorder.store,
      kms: createKmsDomain({ keys: recorder.store.keys, keyring: world.ctx.keyring, now: world.ctx.now }),
      access: recordingAccess(authorized),
      limits,
    };
    let outcome: unknown;
    try {
      outcome = await runOperation(entry, operation, decodeAsGateway(entry, operation, input), ctx);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      outcome = error;
    }
    return { input, authorized, touches: recorder.touches, failed: outcome instanceof ServiceError };
  } finally {
    await world.close();
  }
}

// The mode changes only how SSM authorizes GetParametersByPath: the other services run once.
for (const mode of ['strict', 'aws'] as const) {
  describe(`every operation acts only on resources it was authorized for (--path-authorization ${mode})`, () => {
    for (const entry of builtInServices.filter((e) => mode === 'strict' || e.signingName === 'ssm')) {
      for (const operation of Object.keys(entry.operations)) {
        it(`${entry.signingName}:${operation}`, async () => {
          const limits: ServiceLimits = { maxParameterVersions: 100, pathAuthorization: mode };
          // Case 0 is the plausible input; then one case per other spelling of each member. Each runs
          // in a world of its own, so that no case's writes change what the next one finds.
          const probe = await createWorld(entry.signingName);
          const spelled = (world: World, member: string, base: Record<string, unknown>) => spellingsOf(entry.signingName, member, base[member], world.values);
          const probeInput = plausibleInput(entry, operation, probe, () => 0);
          const cases: Array<[string | undefined, number]> = [[undefined, 0]];
          for (const member of Object.keys(probeInput)) for (let n = 0; n < spelled(probe, member, probeInput).length; n++) cases.push([member, n]);
          await probe.close();
          for (const [member, n] of cases) {
            const recorded = await runRecorded(entry, operation, limits, (world, unique) => {
              const base = plausibleInput(entry, operation, world, unique);
              return member === undefined ? base : { ...base, [member]: spelled(world, member, base)[n] };
            });
            // A refused call's reads return nothing to the caller but its error (KMS, for one, reads
            // a key to find the key policy that decides): its writes, and every touch of a call that
            // succeeded, must have been authorized.
            for (const touch of recorded.touches.filter((t) => t.found && (t.write || !recorded.failed))) {
              for (const alternatives of touch.resources) {
                const covered = recorded.authorized.has('*') || alternatives.some((arn) => recorded.authorized.has(arn) || exempt(operation, touch.call, arn));
                assert.ok(covered, `${operation} ${JSON.stringify(recorded.input)}: ${touch.call} acted on ${alternatives.join(' | ')}, authorized only ${[...recorded.authorized].join(', ') || 'nothing'}`);
              }
            }
          }
        });
      }
    }
  });
}
