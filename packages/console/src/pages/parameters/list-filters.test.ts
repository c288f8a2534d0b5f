import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byLabelInput, checkFilters, describeInput, filtersFromParams, filtersToParams, isFiltering, nameMatches, noFilters } from './list-filters.js';

test('the route holds the filters, and round-trips them; the defaults stay out of it', () => {
  const f = filtersFromParams(new URLSearchParams('path=/goecssample/&q=pass&match=BeginsWith&type=SecureString&tag=env&tagValue=prod&label=live'));
  assert.deepEqual(f, { name: 'pass', match: 'BeginsWith', type: 'SecureString', tagKey: 'env', tagValue: 'prod', label: 'live', path: '/goecssample' });
  assert.deepEqual(filtersFromParams(new URLSearchParams(new URLSearchParams(Object.entries(filtersToParams(f)) as [string, string][]))), f);
  assert.deepEqual(filtersToParams(noFilters()), { path: undefined, q: undefined, match: undefined, type: undefined, tag: undefined, tagValue: undefined, label: undefined });
  // An unknown type or match from a hand-edited address falls back to "any" and "contains".
  const odd = filtersFromParams(new URLSearchParams('type=Binary&match=Regex'));
  assert.equal(odd.type, '');
  assert.equal(odd.match, 'Contains');
});

test('the tree is shown unless a name, type, tag or label is asked for (a path alone is the tree)', () => {
  assert.equal(isFiltering(noFilters('/a')), false);
  assert.equal(isFiltering({ ...noFilters(), name: 'x' }), true);
  assert.equal(isFiltering({ ...noFilters(), type: 'String' }), true);
  assert.equal(isFiltering({ ...noFilters(), tagKey: 'env' }), true);
  assert.equal(isFiltering({ ...noFilters(), label: 'live' }), true);
});

test('DescribeParameters filters: Path Recursive below a branch, Name, Type, and a tag with or without a value', () => {
  assert.deepEqual(describeInput({ ...noFilters(), name: 'pass' }), { ParameterFilters: [{ Key: 'Name', Option: 'Contains', Values: ['pass'] }] });
  assert.deepEqual(describeInput({ ...noFilters('/goecssample'), name: '/goe', match: 'BeginsWith', type: 'SecureString', tagKey: 'env' }), {
    ParameterFilters: [
      { Key: 'Path', Option: 'Recursive', Values: ['/goecssample'] },
      { Key: 'Name', Option: 'BeginsWith', Values: ['/goe'] },
      { Key: 'Type', Option: 'Equals', Values: ['SecureString'] },
      // Without a value: every parameter carrying the tag key (AWS allows a tag filter without Values).
      { Key: 'tag:env', Option: 'Equals' },
    ],
  });
  assert.deepEqual(describeInput({ ...noFilters(), tagKey: 'env', tagValue: 'prod' }).ParameterFilters, [{ Key: 'tag:env', Option: 'Equals', Values: ['prod'] }]);
});

test('a label goes to GetParametersByPath, recursive, never decrypting; the type rides along, the name is matched here', () => {
  assert.deepEqual(byLabelInput({ ...noFilters(), label: 'live', type: 'String' }), {
    Path: '/',
    Recursive: true,
    WithDecryption: false,
    ParameterFilters: [
      { Key: 'Label', Option: 'Equals', Values: ['live'] },
      { Key: 'Type', Option: 'Equals', Values: ['String'] },
    ],
  });
  const f = { ...noFilters(), label: 'live', name: 'pass' };
  assert.equal(nameMatches(f, { name: '/db/password', type: 'SecureString' }), true);
  assert.equal(nameMatches(f, { name: '/db/user', type: 'String' }), false);
  const begins = { ...f, name: 'db', match: 'BeginsWith' as const };
  assert.equal(nameMatches(begins, { name: '/db/password', type: 'SecureString' }), true, 'a leading slash is implied, as Kura and AWS do');
  assert.equal(nameMatches(begins, { name: '/x/db', type: 'String' }), false);
  assert.equal(nameMatches(noFilters(), { name: '/anything', type: 'String' }), true);
});

test('the form refuses a tag value without a key, and a label with a tag', () => {
  assert.deepEqual(checkFilters(noFilters()), {});
  assert.deepEqual(Object.keys(checkFilters({ ...noFilters(), tagValue: 'prod' })), ['tagKey']);
  assert.deepEqual(Object.keys(checkFilters({ ...noFilters(), tagKey: 'env', label: 'live' })), ['label']);
});
