// The crash checker must see every kind of loss, and must not cry wolf over what a crash may
// legitimately leave (a write in flight that landed whole, or did not land at all).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Ledger, MAX_VERSIONS, type ObservedVersion, type ProblemKind } from './ledger.js';

const v = (version: number, value: string, type = 'String'): ObservedVersion => ({ version, value, type });
const kinds = (ledger: Ledger, name: string, observed: readonly ObservedVersion[] | undefined): ProblemKind[] => ledger.check(name, observed).map((p) => p.kind);

/** /a with v1 = a1, v2 = a2 acknowledged. */
function twoVersions(): Ledger {
  const ledger = new Ledger();
  for (const [version, value] of [[1, 'a1|x'], [2, 'a2|y']] as const) {
    ledger.beginPut('/a', 'String', value);
    ledger.ackPut('/a', value, version);
  }
  return ledger;
}

describe('crash ledger', () => {
  test('what was acknowledged, as acknowledged: no problem', () => {
    assert.deepEqual(kinds(twoVersions(), '/a', [v(1, 'a1|x'), v(2, 'a2|y')]), []);
  });

  test('a missing acknowledged version, a lower latest, or the whole parameter gone: lost', () => {
    assert.deepEqual(kinds(twoVersions(), '/a', [v(1, 'a1|x')]), ['lost']);
    assert.deepEqual(kinds(twoVersions(), '/a', undefined), ['lost']);
    assert.deepEqual(kinds(twoVersions(), '/a', [v(2, 'a2|y')]), ['gap', 'lost']);
  });

  test('another value in an acknowledged version: changed; a value nobody sent: torn', () => {
    assert.deepEqual(kinds(twoVersions(), '/a', [v(1, 'a1|x'), v(2, 'a1|x')]), ['changed', 'unexpected']);
    assert.deepEqual(kinds(twoVersions(), '/a', [v(1, 'a1|x'), v(2, 'a2|y'), v(3, 'a3|z')]), ['torn']);
    assert.deepEqual(kinds(twoVersions(), '/a', [v(1, 'a1|x'), v(2, 'a2|y', 'SecureString')]), ['type']);
  });

  test('a write in flight at the kill may be there, whole, or not at all', () => {
    const ledger = twoVersions();
    ledger.beginPut('/a', 'String', 'a3|pending');
    ledger.unknown();
    assert.deepEqual(kinds(ledger, '/a', [v(1, 'a1|x'), v(2, 'a2|y')]), []);
    assert.deepEqual(kinds(ledger, '/a', [v(1, 'a1|x'), v(2, 'a2|y'), v(3, 'a3|pending')]), []);
    assert.deepEqual(kinds(ledger, '/a', [v(1, 'a1|x'), v(2, 'a2|y'), v(3, 'a3|pend')]), ['torn']);
  });

  test('once a restart has shown it, a pending write must stay', () => {
    const ledger = twoVersions();
    ledger.beginPut('/a', 'String', 'a3|pending');
    const shown = [v(1, 'a1|x'), v(2, 'a2|y'), v(3, 'a3|pending')];
    ledger.settle('/a', shown);
    assert.deepEqual(kinds(ledger, '/a', shown), []);
    assert.deepEqual(kinds(ledger, '/a', shown.slice(0, 2)), ['lost']);
  });

  test('a refused write must not appear', () => {
    const ledger = twoVersions();
    ledger.beginPut('/a', 'String', 'a3|refused');
    ledger.refused('/a', 'a3|refused');
    assert.deepEqual(kinds(ledger, '/a', [v(1, 'a1|x'), v(2, 'a2|y'), v(3, 'a3|refused')]), ['unexpected']);
  });

  test('an acknowledged delete must stay deleted; one in flight may have happened or not', () => {
    const deleted = twoVersions();
    deleted.beginDelete('/a');
    deleted.ackDelete('/a');
    assert.deepEqual(kinds(deleted, '/a', undefined), []);
    assert.deepEqual(kinds(deleted, '/a', [v(1, 'a1|x'), v(2, 'a2|y')]), ['resurrected']);
    const pending = twoVersions();
    pending.beginDelete('/a');
    assert.deepEqual(kinds(pending, '/a', undefined), []);
    assert.deepEqual(kinds(pending, '/a', [v(1, 'a1|x'), v(2, 'a2|y')]), []);
  });

  test('re-created after a delete: versions start again at 1', () => {
    const ledger = twoVersions();
    ledger.beginDelete('/a');
    ledger.ackDelete('/a');
    ledger.beginPut('/a', 'String', 'b1|new');
    ledger.ackPut('/a', 'b1|new', 1);
    assert.deepEqual(kinds(ledger, '/a', [v(1, 'b1|new')]), []);
    assert.deepEqual(kinds(ledger, '/a', [v(1, 'a1|x'), v(2, 'a2|y')]), ['changed', 'unexpected']);
  });

  test('only the 100 latest versions are kept: older acknowledged ones may be gone, newer ones may not', () => {
    const ledger = new Ledger();
    const total = MAX_VERSIONS + 20;
    for (let i = 1; i <= total; i += 1) {
      ledger.beginPut('/many', 'String', `m${i}|`);
      ledger.ackPut('/many', `m${i}|`, i);
    }
    const kept = Array.from({ length: MAX_VERSIONS }, (_, i) => v(i + 21, `m${i + 21}|`));
    assert.deepEqual(kinds(ledger, '/many', kept), []);
    assert.deepEqual(kinds(ledger, '/many', kept.slice(1)), ['gap', 'lost'], 'v21 is among the 100 latest');
    assert.deepEqual(kinds(ledger, '/many', kept.slice(0, -1)), ['gap', 'lost', 'lost'], 'v120 lost, and v20 should have been the oldest kept');
  });

  test('settling counts the calls without an answer that landed; a name deleted for good need not be read again', () => {
    const ledger = twoVersions();
    ledger.beginPut('/a', 'String', 'a3|landed');
    ledger.unknown();
    ledger.settle('/a', [v(1, 'a1|x'), v(2, 'a2|y'), v(3, 'a3|landed')]);
    assert.equal(ledger.counts.landed, 1);
    assert.ok(ledger.needsReading('/a'));
    ledger.beginDelete('/a');
    assert.ok(ledger.needsReading('/a'), 'a delete in flight may not have landed');
    ledger.ackDelete('/a');
    assert.ok(!ledger.needsReading('/a'));
  });

  test('problems name versions and request tags, never a whole value', () => {
    const ledger = new Ledger();
    ledger.beginPut('/s', 'SecureString', 'c0w1#7|SECRET-FILLER');
    ledger.ackPut('/s', 'c0w1#7|SECRET-FILLER', 1);
    const [problem] = ledger.check('/s', [v(1, 'c0w1#8|OTHER-FILLER', 'SecureString')]);
    assert.equal(problem?.detail, 'v1 was acknowledged as c0w1#7, holds c0w1#8');
  });
});
