// Every implemented operation of every service, called in process the way the gateway calls it
// (the body decoded from the wire, then normalise → authorize → run), with each top-level input
// member absent and, for JSON, null in turn. Whatever the answer, it must be a client's
// ServiceError: a member the operation needs but the model leaves optional is a validation error,
// never a plain Error (HTTP 500 and a stack trace in the log).
//
// Each operation starts from a fresh world (testing/world.ts) and a plausible input: the members the
// world has a value for, and the model's required members. Those plausible inputs must succeed, so
// the variants keep reaching into the handlers and not only into the model's validation.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runOperation } from '../services/run-operation.js';
import { ServiceError } from '../wire/errors.js';
import { jsonError } from '../wire/json.js';
import { shape } from '../wire/model.js';
import { builtInServices } from './services.js';
import { decodeAsGateway, plausibleInput } from './testing/wire-input.js';
import { createWorld, entryOf, type World } from './testing/world.js';
import type { ServiceEntry } from './types.js';

type Outcome = { ok: true } | { ok: false; error: unknown };

/** The request as the gateway would see it: encoded for the wire, decoded from it, then run. */
async function send(entry: ServiceEntry, operation: string, input: Record<string, unknown>, world: World): Promise<Outcome> {
  try {
    await runOperation(entry, operation, decodeAsGateway(entry, operation, input), world.ctx);
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Why an outcome is not a client's error, or undefined when it is one (or a success). */
function problem(outcome: Outcome): string | undefined {
  if (outcome.ok) return undefined;
  const { error } = outcome;
  if (!(error instanceof ServiceError)) return error instanceof Error ? (error.stack ?? error.message) : String(error);
  return error.status >= 500 ? `${error.status} ${error.code}: ${error.message}` : undefined;
}

interface Report {
  problems: string[];
  baselineFailures: string[];
  cases: number;
}

/** Operations that only read: they can share one world. */
const READS_ONLY = /^(Get|List|Describe|Simulate)/;

async function exercise(entry: ServiceEntry): Promise<Report> {
  const report: Report = { problems: [], baselineFailures: [], cases: 0 };
  const shared = await createWorld(entry.signingName);
  let counter = 0;
  const unique = () => (counter += 1);
  // A fresh world for each phase of an operation that writes; the shared one for one that reads.
  const inWorld = async (operation: string, run: (world: World) => Promise<void>) => {
    if (READS_ONLY.test(operation)) return run(shared);
    const world = await createWorld(entry.signingName);
    try {
      await run(world);
    } finally {
      await world.close();
    }
  };
  try {
    for (const operation of Object.keys(entry.operations)) {
      // The plausible input first, in a world of its own: it must succeed.
      await inWorld(operation, async (world) => {
        report.cases += 1;
        const baseline = await send(entry, operation, plausibleInput(entry, operation, world, unique), world);
        const found = problem(baseline);
        if (found) report.problems.push(`${operation} (plausible input): ${found}`);
        else if (!baseline.ok) report.baselineFailures.push(`${operation}: ${(baseline.error as ServiceError).code} ${(baseline.error as ServiceError).message}`);
      });
      // Then the variants, one after the other in a second world. One that succeeds may change what a
      // later one finds (a key scheduled for deletion); each still gets an answer that must be a client's.
      await inWorld(operation, async (world) => {
        const members = Object.keys(shape(entry.model, entry.model.operations[operation]?.input?.shape ?? '').members ?? {});
        for (const member of members) {
          const variants: Array<[string, Record<string, unknown>]> = [[`without ${member}`, without(plausibleInput(entry, operation, world, unique), member)]];
          // Query has no null: a member there is present or absent.
          if (entry.model.metadata.protocol === 'json') variants.push([`${member}: null`, { ...plausibleInput(entry, operation, world, unique), [member]: null }]);
          for (const [label, input] of variants) {
            report.cases += 1;
            const found = problem(await send(entry, operation, input, world));
            if (found) report.problems.push(`${operation} ${label}: ${found}`);
          }
        }
      });
    }
  } finally {
    await shared.close();
  }
  return report;
}

function without(input: Record<string, unknown>, member: string): Record<string, unknown> {
  const copy = { ...input };
  delete copy[member];
  return copy;
}

describe('every operation, each input member absent or null, answers with a client error', () => {
  for (const entry of builtInServices) {
    it(`${entry.signingName}: ${Object.keys(entry.operations).length} operations`, async () => {
      const report = await exercise(entry);
      assert.ok(report.cases > Object.keys(entry.operations).length, 'variants were run');
      // Joined, not deep-compared: assert's diff of long stack traces takes minutes.
      assert.equal(report.problems.length, 0, `not a client's error:\n${report.problems.join('\n')}`);
      // The plausible inputs succeed, so the variants reach the handlers' own reading of the input.
      assert.equal(report.baselineFailures.length, 0, `plausible inputs refused:\n${report.baselineFailures.join('\n')}`);
    });
  }
});

describe('KMS Decrypt and ReEncrypt without a ciphertext', () => {
  const MESSAGE = "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null";

  for (const operation of ['Decrypt', 'ReEncrypt']) {
    for (const [label, blob] of [
      ['null', null],
      ['absent', undefined],
    ] as const) {
      it(`${operation} with CiphertextBlob ${label} is KMS's ValidationException, as a client reads it`, async () => {
        const world = await createWorld('kms');
        try {
          const entry = entryOf('kms');
          const input: Record<string, unknown> = { DestinationKeyId: world.values['KeyId'] };
          if (blob === null) input['CiphertextBlob'] = null;
          const outcome = await send(entry, operation, input, world);
          assert.ok(!outcome.ok && outcome.error instanceof ServiceError, `expected a ServiceError, got ${outcome.ok ? 'success' : String(outcome.error)}`);
          const wire = jsonError('req-1', outcome.error);
          assert.equal(wire.status, 400);
          assert.equal(wire.headers['x-amzn-errortype'], 'ValidationException');
          assert.deepEqual(JSON.parse(wire.body), { __type: 'ValidationException', Message: MESSAGE });
        } finally {
          await world.close();
        }
      });
    }
  }

  it('ReEncrypt reports the missing ciphertext before looking up a destination key that does not exist', async () => {
    const world = await createWorld('kms');
    try {
      const outcome = await send(entryOf('kms'), 'ReEncrypt', { DestinationKeyId: '00000000-0000-0000-0000-000000000000' }, world);
      assert.ok(!outcome.ok && outcome.error instanceof ServiceError);
      assert.equal(outcome.error.code, 'ValidationException');
      assert.equal(outcome.error.message, MESSAGE);
    } finally {
      await world.close();
    }
  });
});
