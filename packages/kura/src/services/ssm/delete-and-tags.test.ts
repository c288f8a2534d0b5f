import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createTestHarness, rejectsWith, type TestHarness } from './testing/context.js';

let h: TestHarness;
beforeEach(() => {
  h = createTestHarness();
});
afterEach(() => h.close());

const put = (input: Record<string, unknown>) => h.call('PutParameter', input);

describe('DeleteParameter', () => {
  it('deletes through either form of a root-level name, then allows re-creation at version 1', async () => {
    await put({ Name: 'd', Value: 'v', Type: 'String' });
    await put({ Name: 'd', Value: 'w', Overwrite: true });
    assert.deepEqual(await h.call('DeleteParameter', { Name: '/d' }), {});
    await rejectsWith(h.call('GetParameter', { Name: 'd' }), 'ParameterNotFound');
    assert.deepEqual(await put({ Name: 'd', Value: 'again', Type: 'String' }), { Version: 1, Tier: 'Standard' });
  });

  it('answers a missing parameter with an empty ParameterNotFound', async () => {
    const error = await rejectsWith(h.call('DeleteParameter', { Name: 'ghost' }), 'ParameterNotFound', '');
    assert.equal(error.messageMember, 'message');
  });
});

describe('DeleteParameters', () => {
  it('echoes deleted and invalid names as given', async () => {
    await put({ Name: 'a', Value: 'v', Type: 'String' });
    await put({ Name: '/b', Value: 'v', Type: 'String' });
    const out = await h.call('DeleteParameters', { Names: ['/a', 'b', 'c', '//bad', 'b'] });
    assert.deepEqual(out, { DeletedParameters: ['/a', 'b'], InvalidParameters: ['c', '//bad'] });
  });
});

describe('tags', () => {
  const tag = (input: Record<string, unknown>) => h.call('AddTagsToResource', { ResourceType: 'Parameter', ...input });
  const list = (id: string) => h.call('ListTagsForResource', { ResourceType: 'Parameter', ResourceId: id });

  it('adds, overwrites, lists sorted and removes tags', async () => {
    await put({ Name: 'tg', Value: 'v', Type: 'String' });
    await tag({ ResourceId: '/tg', Tags: [{ Key: 'z', Value: '1' }, { Key: 'a', Value: '2' }] });
    await tag({ ResourceId: 'tg', Tags: [{ Key: 'z', Value: '3' }] });
    assert.deepEqual(await list('tg'), { TagList: [{ Key: 'a', Value: '2' }, { Key: 'z', Value: '3' }] });
    await h.call('RemoveTagsFromResource', { ResourceType: 'Parameter', ResourceId: 'tg', TagKeys: ['a', 'absent'] });
    assert.deepEqual(await list('/tg'), { TagList: [{ Key: 'z', Value: '3' }] });
  });

  it('rejects other resource types and unknown parameters', async () => {
    await rejectsWith(h.call('ListTagsForResource', { ResourceType: 'Document', ResourceId: 'x' }), 'InvalidResourceType');
    const error = await rejectsWith(list('missing'), 'InvalidResourceId');
    assert.equal(error.messageMember, 'none');
    await rejectsWith(tag({ ResourceId: 'missing', Tags: [{ Key: 'k', Value: 'v' }] }), 'InvalidResourceId');
    await rejectsWith(h.call('RemoveTagsFromResource', { ResourceType: 'Parameter', ResourceId: 'missing', TagKeys: ['k'] }), 'InvalidResourceId');
  });

  it('caps a parameter at 50 tags', async () => {
    await put({ Name: 'many', Value: 'v', Type: 'String' });
    await tag({ ResourceId: 'many', Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) });
    await rejectsWith(tag({ ResourceId: 'many', Tags: [{ Key: 'one-more', Value: 'v' }] }), 'TooManyTagsError');
  });

  it('removes tags with the parameter', async () => {
    await put({ Name: 'gone', Value: 'v', Type: 'String', Tags: [{ Key: 'k', Value: 'v' }] });
    await h.call('DeleteParameter', { Name: 'gone' });
    await put({ Name: 'gone', Value: 'v', Type: 'String' });
    assert.deepEqual(await list('gone'), { TagList: [] });
  });
});
