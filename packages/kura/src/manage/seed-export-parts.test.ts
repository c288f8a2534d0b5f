import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compact, documentOf, tagMap, variableFor } from './seed-export-parts.js';

describe('kura seed export: the shapes it writes', () => {
  test('a variable per value left out: upper case, _ for the rest, never two alike', () => {
    const taken = new Set<string>();
    assert.equal(variableFor('/goecssample/database/sample/master/password', taken), 'GOECSSAMPLE_DATABASE_SAMPLE_MASTER_PASSWORD');
    assert.equal(variableFor('/app/db-password', taken), 'APP_DB_PASSWORD');
    assert.equal(variableFor('/app/db.password', taken), 'APP_DB_PASSWORD_2');
    assert.equal(variableFor('/1st', taken), '_1ST');
    assert.equal(variableFor('/', taken), 'VALUE');
  });

  test('documents as mappings when they are JSON, tags as a mapping, nothing empty', () => {
    assert.deepEqual(documentOf('{"Version":"2012-10-17"}'), { Version: '2012-10-17' });
    assert.equal(documentOf('not json'), 'not json');
    assert.equal(tagMap([]), undefined);
    assert.deepEqual(tagMap([{ key: 'team', value: 'ci' }]), { team: 'ci' });
    assert.deepEqual(compact({ a: 1, b: undefined, c: [], d: [1] }), { a: 1, d: [1] });
  });
});
