import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tagFieldOf } from './tag-editor.js';

test("tagFieldOf: AWS's validation message names the tag's key or value", () => {
  assert.equal(tagFieldOf("1 validation error detected: Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1."), 'key');
  assert.equal(tagFieldOf("1 validation error detected: Value 'a#b' at 'tags.1.member.value' failed to satisfy constraint: Member must satisfy regular expression pattern."), 'value');
  assert.equal(tagFieldOf("Value 'x' at 'tagList.1.member.key' failed to satisfy constraint"), 'key');
});

test('tagFieldOf: anything else belongs to the form', () => {
  assert.equal(tagFieldOf('User: x is not authorized to perform: ssm:AddTagsToResource'), undefined);
  assert.equal(tagFieldOf("1 validation error detected: Value 'x' at 'resourceId' failed to satisfy constraint"), undefined);
});
