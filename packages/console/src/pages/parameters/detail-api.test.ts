import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parentPath } from './detail-api.js';

test('parentPath: the level a parameter lives at, as a DescribeParameters Path filter', () => {
  assert.equal(parentPath('/goecssample/database/sample/master/password'), '/goecssample/database/sample/master');
  assert.equal(parentPath('/top'), '/');
  assert.equal(parentPath('plain'), '/');
  assert.equal(parentPath('/a.b/c-d/e_f/x'), '/a.b/c-d/e_f');
});

test('parentPath: no Path filter where SSM would refuse one (reserved prefixes)', () => {
  assert.equal(parentPath('/aws/reference/secretsmanager/x'), undefined);
  assert.equal(parentPath('/ssmthing/x'), undefined);
  assert.equal(parentPath('/AWSx/y'), undefined);
});
