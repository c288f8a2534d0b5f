import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeRecord, emptyRecord, encodeRecord } from './record.js';

describe('the stack record', () => {
  it('is JSON while it fits in a parameter, gzipped beyond', () => {
    const small = emptyRecord('app', 'arn:stack');
    assert.equal(encodeRecord(small), JSON.stringify(small));
    assert.deepEqual(decodeRecord(encodeRecord(small), 'app'), small);
    const big = emptyRecord('app', 'arn:stack');
    for (let i = 0; i < 60; i += 1) {
      big.resources[`Param${i}`] = {
        type: 'AWS::SSM::Parameter',
        physicalId: `/app/param/${i}`,
        attributes: { Ref: `/app/param/${i}` },
        properties: { Name: `/app/param/${i}`, Type: 'String', Value: 'a fairly ordinary value' },
        dependsOn: [],
        deletionPolicy: 'Delete',
        updateReplacePolicy: 'Delete',
      };
    }
    const encoded = encodeRecord(big);
    assert.ok(encoded.startsWith('gzip:') && encoded.length <= 8192);
    assert.deepEqual(decodeRecord(encoded, 'app'), big);
  });

  it('refuses a parameter kura apply did not write', () => {
    assert.throws(() => decodeRecord('hello', 'app'), { message: '/kura/stacks/app is not a record kura apply wrote: delete it, or choose another --stack-name' });
    assert.throws(() => decodeRecord('{"format":"other"}', 'app'), { name: 'ApplyError' });
  });
});
