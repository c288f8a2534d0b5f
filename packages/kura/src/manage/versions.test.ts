import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { latest, pickVersion } from './versions.js';

describe('picking a version', () => {
  const versions = [
    { Version: 1, Labels: [] },
    { Version: 2, Labels: ['prod'] },
    { Version: 3 },
  ];

  it('finds a version by number or label, with or without the leading colon', () => {
    assert.equal(pickVersion('/a', versions, '1').Version, 1);
    assert.equal(pickVersion('/a', versions, 'prod').Version, 2);
    assert.equal(pickVersion('/a', versions, ':prod').Version, 2);
    assert.equal(latest(versions)?.Version, 3);
  });

  it('says what is kept when the version is not there', () => {
    assert.throws(() => pickVersion('/a', versions, '9'), /^CommandError: \/a has no version 9 \(versions kept: 1-3\)$/);
    assert.throws(() => pickVersion('/a', versions, 'dev'), /has no version labelled 'dev'/);
  });
});
