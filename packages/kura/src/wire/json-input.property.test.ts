import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ServiceError } from './errors.js';
import { decodeJsonInput } from './json-input.js';
import type { ServiceModel } from './model.js';
import { kmsModel, ssmModel } from './testing/models.js';

/**
 * Bodies that look like real inputs: objects keyed by member names the model uses anywhere, so the
 * walk reaches nested structures, lists and maps with values of every JSON type.
 */
function bodies(model: ServiceModel): fc.Arbitrary<unknown> {
  const names = [...new Set(Object.values(model.shapes).flatMap((s) => Object.keys(s.members ?? {})))];
  const { record } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: 4 },
      fc.jsonValue({ maxDepth: 1 }),
      fc.base64String({ maxLength: 12 }),
      fc.double(),
      tie('record'),
      fc.array(tie('value'), { maxLength: 3 }),
    ),
    record: fc.dictionary(fc.constantFrom(...names), tie('value'), { maxKeys: 6 }),
  }));
  return fc.oneof({ arbitrary: record, weight: 4 }, { arbitrary: fc.jsonValue(), weight: 1 });
}

function onlyServiceErrors(model: ServiceModel, runsPerOperation: number): void {
  const operations = Object.keys(model.operations);
  for (const name of operations) {
    fc.assert(
      fc.property(bodies(model), (body) => {
        try {
          const input = decodeJsonInput(model, name, body);
          assert.equal(typeof input, 'object');
        } catch (error) {
          if (!(error instanceof ServiceError)) throw error;
          assert.ok(['SerializationException', 'ValidationException'].includes(error.code), error.code);
        }
      }),
      { numRuns: runsPerOperation },
    );
  }
}

describe('decodeJsonInput on arbitrary JSON', () => {
  it('never throws anything but a ServiceError, for every SSM operation', () => {
    onlyServiceErrors(ssmModel, 100);
  });

  it('never throws anything but a ServiceError, for every KMS operation', () => {
    onlyServiceErrors(kmsModel, 100);
  });
});
