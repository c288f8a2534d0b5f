import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseDotenv, quoteDotenv, serializeDotenv } from './dotenv.js';

describe('dotenv', () => {
  it('reads plain, quoted, exported and commented lines', () => {
    const text = [
      '# a comment',
      '',
      'PLAIN=value',
      'export EXPORTED=yes',
      '  SPACED = padded value   ',
      'TRAILING=kept # a comment',
      'HASH=a#b',
      "SINGLE='literal $HOME \\n'",
      'DOUBLE="line1\\nline2 \\"q\\" \\$HOME \\\\"',
      'MULTI="first',
      'second"',
      "SQ_MULTI='a",
      "b' # after",
      'EMPTY=',
      'CRLF=x\r',
    ].join('\n');
    assert.deepEqual(parseDotenv(text), [
      { key: 'PLAIN', value: 'value' },
      { key: 'EXPORTED', value: 'yes' },
      { key: 'SPACED', value: 'padded value' },
      { key: 'TRAILING', value: 'kept' },
      { key: 'HASH', value: 'a#b' },
      { key: 'SINGLE', value: 'literal $HOME \\n' },
      { key: 'DOUBLE', value: 'line1\nline2 "q" $HOME \\' },
      { key: 'MULTI', value: 'first\nsecond' },
      { key: 'SQ_MULTI', value: 'a\nb' },
      { key: 'EMPTY', value: '' },
      { key: 'CRLF', value: 'x' },
    ]);
  });

  it('reports the line of a mistake', () => {
    assert.throws(() => parseDotenv('A=1\nnot a pair\n'), /^CommandError: line 2: expected KEY=value$/);
    assert.throws(() => parseDotenv('A=1\n1BAD=x\n'), /line 2: '1BAD' is not an environment variable name/);
    assert.throws(() => parseDotenv('A=1\nB=2\nA=3\n'), /line 3: A is set twice \(first on line 1\)/);
    assert.throws(() => parseDotenv('A=1\nB="open\nstill open\n'), /line 2: unterminated double-quoted value for B/);
    assert.throws(() => parseDotenv('A="x" trailing\n'), /line 1: unexpected text after the closing quote of A/);
  });

  it('quotes only what needs it', () => {
    assert.equal(quoteDotenv('db.internal:5432'), 'db.internal:5432');
    assert.equal(quoteDotenv('two words'), "'two words'");
    assert.equal(quoteDotenv('$(rm -rf /)'), "'$(rm -rf /)'");
    assert.equal(quoteDotenv("it's"), '"it\'s"');
    assert.equal(quoteDotenv('a\nb'), '"a\\nb"');
    assert.equal(quoteDotenv(''), "''");
  });

  it('reads back exactly what it wrote, for hostile values', () => {
    const hostile = ["it's", '"double"', 'a\nb\r\nc', '$(touch /tmp/pwned)', '`id`', '${HOME}', '\\n literal', ' # not a comment', '#start', "'", '"', '\\', 'tab\there', 'ünï ☃'];
    const entries = hostile.map((value, i) => ({ key: `K${i}`, value }));
    assert.deepEqual(parseDotenv(serializeDotenv(entries)), entries);
  });

  it('reads back any string it wrote', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { maxLength: 5 }), (values) => {
        const entries = values.map((value, i) => ({ key: `K_${i}`, value }));
        assert.deepEqual(parseDotenv(serializeDotenv(entries)), entries);
      }),
    );
  });
});
