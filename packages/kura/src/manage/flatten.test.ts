import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CommandError } from './errors.js';
import { checkedPath, flatten, normalizePath, relativeName, unflatten, type Nested } from './flatten.js';

describe('flatten and unflatten', () => {
  it('turns a nested document into names under the path, arrays by index', () => {
    const entries = flatten({ db: { host: 'h', port: 3306, tls: true }, hosts: ['a', 'b'], big: 12345678901234 }, '/app/');
    assert.deepEqual(entries, [
      { name: '/app/db/host', value: 'h' },
      { name: '/app/db/port', value: '3306' },
      { name: '/app/db/tls', value: 'true' },
      { name: '/app/hosts/0', value: 'a' },
      { name: '/app/hosts/1', value: 'b' },
      { name: '/app/big', value: '12345678901234' },
    ]);
  });

  it('puts a document under the root as /key', () => {
    assert.deepEqual(flatten({ a: { b: 'x' } }, '/'), [{ name: '/a/b', value: 'x' }]);
  });

  it('brings arrays back as arrays and everything else as objects of strings', () => {
    const doc = unflatten(flatten({ db: { host: 'h', port: 3306 }, hosts: ['a', { x: 'y' }] }, '/app'), '/app');
    assert.deepEqual(doc, { db: { host: 'h', port: '3306' }, hosts: ['a', { x: 'y' }] });
  });

  it('refuses null, empty strings, a single value and names Parameter Store would reject, naming the place', () => {
    const message = (fn: () => unknown): string => {
      try {
        fn();
      } catch (error) {
        assert.ok(error instanceof CommandError);
        return error.message;
      }
      return assert.fail('did not throw');
    };
    assert.match(message(() => flatten({ db: { port: null } }, '/app')), /^\/app\/db\/port: null cannot be stored/);
    assert.match(message(() => flatten({ a: '' }, '/app')), /^\/app\/a: an empty string cannot be stored/);
    assert.match(message(() => flatten('just a string', '/app')), /must be an object/);
    assert.match(message(() => flatten({ 'has space': 'x' }, '/app')), /'has space' cannot be part of a parameter name/);
    assert.match(message(() => flatten({ 'a/b': 'x' }, '/app')), /'a\/b' cannot be part/);
  });

  it('refuses to nest a name that is both a value and a path, naming it', () => {
    assert.throws(
      () => unflatten([{ name: '/app/db', value: 'x' }, { name: '/app/db/host', value: 'h' }], '/app'),
      /^CommandError: \/app\/db is both a parameter and a path/,
    );
  });

  it('keeps a level named __proto__ as data, never as a prototype', () => {
    const doc = JSON.parse('{"__proto__": {"polluted": "yes"}}') as Record<string, Nested>;
    const back = unflatten(flatten(doc, '/app'), '/app');
    assert.deepEqual(Object.keys(back), ['__proto__']);
    assert.equal(Object.getPrototypeOf(back), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('ignores names outside the path', () => {
    assert.deepEqual(unflatten([{ name: '/other/a', value: 'x' }, { name: '/app/a', value: 'y' }, { name: '/application', value: 'z' }], '/app'), { a: 'y' });
    assert.equal(relativeName('/app', '/application'), undefined);
    assert.equal(relativeName('/', '/a/b'), 'a/b');
  });

  it('normalizes paths the way users type them', () => {
    assert.equal(normalizePath('app/'), '/app');
    assert.equal(normalizePath('/app//'), '/app');
    assert.equal(normalizePath(''), '/');
    assert.equal(normalizePath('/'), '/');
  });

  it('checks a path that goes into a policy, so no wildcard can widen it', () => {
    assert.equal(checkedPath('app/prod/'), '/app/prod');
    assert.equal(checkedPath('/'), '/');
    assert.throws(() => checkedPath('/app/*'), /'\/app\/\*' is not a parameter path/);
    assert.throws(() => checkedPath('/app//x'), /is not a parameter path/);
    assert.throws(() => checkedPath('/a?c'), /is not a parameter path/);
  });

  it('round-trips any nested document of non-empty strings', () => {
    const key = fc.stringMatching(/^[A-Za-z_.-][A-Za-z0-9_.-]{0,8}$/);
    const { tree } = fc.letrec<{ tree: Nested }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.string({ minLength: 1 }),
        fc.array(tie('tree'), { minLength: 1, maxLength: 4 }),
        fc.dictionary(key, tie('tree'), { minKeys: 1, maxKeys: 4, noNullPrototype: true }),
      ),
    }));
    const document = fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5, noNullPrototype: true });
    fc.assert(
      fc.property(document, (doc) => {
        assert.deepEqual(unflatten(flatten(doc, '/p'), '/p'), doc);
      }),
    );
  });
});
