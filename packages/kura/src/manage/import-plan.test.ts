import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planImport, sampleNames, summarize } from './import-plan.js';

describe('import plan', () => {
  const existing = [
    { Name: '/app/same', Value: 'v', Type: 'String' as const },
    { Name: '/app/changed', Value: 'old', Type: 'String' as const },
    { Name: '/app/secret', Value: 'v', Type: 'SecureString' as const },
  ];
  const entries = [
    { name: '/app/new', value: 'n' },
    { name: '/app/same', value: 'v' },
    { name: '/app/changed', value: 'new' },
  ];

  it('sorts entries into created, updated and unchanged', () => {
    const plan = planImport(entries, existing, 'String', true);
    assert.deepEqual(summarize(plan), { created: ['/app/new'], updated: ['/app/changed'], unchanged: ['/app/same'] });
  });

  it('counts a change of type as an update', () => {
    const plan = planImport([{ name: '/app/secret', value: 'v' }], existing, 'String', true);
    assert.equal(plan[0]?.action, 'update');
  });

  it('refuses before writing anything when values differ and --overwrite is not given', () => {
    assert.throws(() => planImport(entries, existing, 'String', false), /^CommandError: 1 parameter already exists with another value or type \(\/app\/changed\): pass --overwrite/);
  });

  it('names a few and counts the rest', () => {
    assert.equal(sampleNames(['a', 'b']), 'a, b');
    assert.equal(sampleNames(['a', 'b', 'c', 'd', 'e']), 'a, b, c, and 2 more');
  });
});
