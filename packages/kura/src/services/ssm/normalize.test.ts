import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSsmInput } from './normalize.js';

describe('SSM input normalisation', () => {
  it('trims the spaces at either end of every member that names a parameter or a path', () => {
    assert.deepEqual(normalizeSsmInput('GetParametersByPath', { Path: '  /prod/  ', Recursive: true }), { Path: '/prod/', Recursive: true });
    assert.deepEqual(normalizeSsmInput('GetParameters', { Names: [' /a', 'b ', ' c:1 '] }), { Names: ['/a', 'b', 'c:1'] });
    assert.deepEqual(normalizeSsmInput('PutParameter', { Name: ' x ', Value: ' kept as sent ' }), { Name: 'x', Value: ' kept as sent ' });
    assert.deepEqual(normalizeSsmInput('ListTagsForResource', { ResourceType: 'Parameter', ResourceId: ' /t ' }), { ResourceType: 'Parameter', ResourceId: '/t' });
  });

  it('leaves values, inner spaces and other whitespace alone', () => {
    assert.deepEqual(normalizeSsmInput('GetParameter', { Name: '/a b' }), { Name: '/a b' });
    assert.deepEqual(normalizeSsmInput('GetParameter', { Name: '\t/a\n' }), { Name: '\t/a\n' });
  });

  it('does not change the input it was given', () => {
    const input = { Name: ' /a ' };
    normalizeSsmInput('DeleteParameter', input);
    assert.deepEqual(input, { Name: ' /a ' });
  });

  it('passes operations that name no parameter through unchanged', () => {
    const input = { ParameterFilters: [{ Key: 'Name', Values: [' /a '] }] };
    assert.equal(normalizeSsmInput('DescribeParameters', input), input);
  });
});
