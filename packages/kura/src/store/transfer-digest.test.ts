// The canonical form records are hashed in, and how two summaries' differences are worded.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson, compareSummaries, describeCounts, DigestBuilder } from './transfer-digest.js';
import { emptyCounts } from './transfer.js';

describe('transfer digests', () => {
  it('writes fields in name order at every depth, byte strings as base64, absent as null', () => {
    assert.equal(
      canonicalJson({ b: 1, a: [Buffer.from([0, 255]), null, 'x"\n'], c: { z: true, y: undefined } }),
      '{"a":[{"base64":"AP8="},null,"x\\"\\n"],"b":1,"c":{"y":null,"z":true}}',
    );
    assert.equal(canonicalJson({ a: 1, b: 2 }), canonicalJson({ b: 2, a: 1 }));
    assert.equal(canonicalJson({}), '{}');
    assert.notEqual(canonicalJson({ value: Buffer.from('AP8=') }), canonicalJson({ value: 'AP8=' }), 'a byte string is not its base64 text');
  });

  it('tells a changed, a missing and a miscounted record apart, by kind', () => {
    const record = { key: 'k', value: Buffer.from('v') };
    const summary = (records: Array<typeof record>, counted = records.length) => {
      const digest = new DigestBuilder();
      digest.add('meta', records);
      return digest.summary({ ...emptyCounts(), meta: counted });
    };
    const base = summary([record]);
    assert.deepEqual(compareSummaries(base, summary([record])), []);
    assert.equal(base.checksum, summary([record]).checksum);
    const [changed] = compareSummaries(base, summary([{ ...record, value: Buffer.from('w') }]));
    assert.match(changed?.message ?? '', /^store settings \(the master key check value\): same count \(1\) but different contents \(checksum [0-9a-f]{12}… vs [0-9a-f]{12}…\)$/);
    assert.deepEqual(compareSummaries(base, summary([])).map((d) => d.message), ['store settings (the master key check value): 1 in the source, 0 in the target']);
    assert.deepEqual(compareSummaries(base, summary([record], 2)).map((d) => d.message), ['store settings (the master key check value): the target counts 2 but 1 were read']);
  });

  it('describes counts by kind, singular or plural', () => {
    assert.equal(describeCounts(emptyCounts()), 'nothing');
    assert.equal(describeCounts({ ...emptyCounts(), parameter: 1, parameterVersion: 3, kmsAlias: 2 }), '1 parameter, 3 parameter versions, 2 KMS aliases');
  });
});
