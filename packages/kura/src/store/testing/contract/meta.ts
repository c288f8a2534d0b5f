// Contract: what the store knows about itself (the master key's check value, periodic jobs).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { T0, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';

const MINUTE = 60_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

export function metaContract(open: OpenStore): void {
  describe('store meta', () => {
    it('records the first master key check, then says whether each later one matches', () =>
      withStore(open, async ({ meta }) => {
        const check = Buffer.alloc(32, 7);
        assert.equal(await meta.checkMasterKey(check), 'recorded');
        assert.equal(await meta.checkMasterKey(Buffer.from(check)), 'matches');
        assert.equal(await meta.checkMasterKey(Buffer.alloc(32, 8)), 'differs');
        assert.equal(await meta.checkMasterKey(check), 'matches', 'a differing check records nothing');
      }));

    it('lets one caller claim a job per period', () =>
      withStore(open, async ({ meta }) => {
        assert.equal(await meta.claimJob('sweep', at(0), 10 * MINUTE), true, 'never ran');
        assert.equal(await meta.claimJob('sweep', at(0), 10 * MINUTE), false);
        assert.equal(await meta.claimJob('sweep', at(9 * MINUTE), 10 * MINUTE), false);
        assert.equal(await meta.claimJob('other', at(9 * MINUTE), 10 * MINUTE), true, 'jobs are counted apart');
        assert.equal(await meta.claimJob('sweep', at(10 * MINUTE), 10 * MINUTE), true, 'a period later');
        assert.equal(await meta.claimJob('sweep', at(15 * MINUTE), 10 * MINUTE), false, 'the period starts again from the last claim');
      }));
  });
}
