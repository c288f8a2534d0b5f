import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import YAML from 'yaml';
import { exportFormat, importFormat, parseDocument, serializeDocument } from './documents.js';

describe('import and export documents', () => {
  it('keeps YAML scalars as written and refuses nulls', () => {
    const entries = parseDocument('db:\n  port: 3306\n  ratio: 1.10\n  hex: 0x1F\n  on: yes\n  when: 2024-01-01\nanchor: &a {k: v}\nalias: *a\n', 'yaml', '/app');
    assert.deepEqual(Object.fromEntries(entries.map((e) => [e.name, e.value])), {
      '/app/db/port': '3306',
      '/app/db/ratio': '1.10',
      '/app/db/hex': '0x1F',
      '/app/db/on': 'yes',
      '/app/db/when': '2024-01-01',
      '/app/anchor/k': 'v',
      '/app/alias/k': 'v',
    });
    assert.throws(() => parseDocument('a: ~\n', 'yaml', '/app'), /\/app\/a: null cannot be stored/);
    assert.throws(() => parseDocument('a:\n', 'yaml', '/app'), /\/app\/a: null cannot be stored/);
    assert.throws(() => parseDocument('a: [unclosed\n', 'yaml', '/app'), /^CommandError: not valid YAML/);
    assert.throws(() => parseDocument('{"a": }', 'json', '/app'), /^CommandError: not valid JSON/);
  });

  it('writes YAML that any reader takes back as the same strings', () => {
    const entries = ['3306', 'true', 'yes', 'no', 'on', '~', 'null', '017', '0o17', '1.10', '2024-01-01', ' padded ', 'a: b', '- item', '#x', 'plain text', 'line1\nline2\n']
      .map((value, i) => ({ name: `/app/k${i}`, value }));
    const text = serializeDocument(entries, 'yaml', '/app');
    const expected = Object.fromEntries(entries.map((e) => [e.name.slice(5), e.value]));
    assert.deepEqual(YAML.parse(text), expected, 'YAML 1.2');
    assert.deepEqual(YAML.parse(text, { version: '1.1' }), expected, 'YAML 1.1 (yes/on/017 are not strings there)');
    assert.deepEqual(parseDocument(text, 'yaml', '/app'), [...entries].sort((a, b) => (a.name < b.name ? -1 : 1)));
  });

  it('round-trips nested JSON and YAML through parameters', () => {
    const doc = { db: { host: 'h', port: '3306', tls: { ca: '-----BEGIN-----\nabc\n-----END-----\n' } }, hosts: ['a', 'b'], quote: `it's "x" $(id)` };
    for (const format of ['json', 'yaml'] as const) {
      const text = serializeDocument(parseDocument(JSON.stringify(doc), 'json', '/app'), format, '/app');
      assert.deepEqual(format === 'json' ? JSON.parse(text) : YAML.parse(text), doc);
      assert.deepEqual(serializeDocument(parseDocument(text, format, '/app'), format, '/app'), text);
    }
  });

  it('flattens a tree to variables for dotenv and shell, refusing collisions', () => {
    const entries = [
      { name: '/app/db/host', value: 'h' },
      { name: '/app/feature.flag', value: 'on' },
      { name: '/app/9lives', value: 'x' },
    ];
    assert.equal(serializeDocument(entries, 'dotenv', '/app'), '_9lives=x\ndb_host=h\nfeature_flag=on\n');
    assert.equal(serializeDocument(entries, 'shell', '/app'), "export _9lives='x'\nexport db_host='h'\nexport feature_flag='on'\n");
    assert.throws(() => serializeDocument([{ name: '/app/a_b', value: '1' }, { name: '/app/a/b', value: '2' }], 'dotenv', '/app'), /\/app\/a\/b and \/app\/a_b both become a_b/);
  });

  it('reads a dotenv file flat under the path and refuses empty values', () => {
    assert.deepEqual(parseDocument('A=1\nB=two words\n', 'dotenv', '/app'), [
      { name: '/app/A', value: '1' },
      { name: '/app/B', value: 'two words' },
    ]);
    assert.throws(() => parseDocument('A=\n', 'dotenv', '/app'), /A: an empty value cannot be stored/);
  });

  it('tells formats from file names, or asks', () => {
    assert.equal(importFormat('config.json', undefined), 'json');
    assert.equal(importFormat('a/b/values.YML', undefined), 'yaml');
    assert.equal(importFormat('.env', undefined), 'dotenv');
    assert.equal(importFormat('.env.production', undefined), 'dotenv');
    assert.equal(importFormat('prod.env', undefined), 'dotenv');
    assert.equal(importFormat('settings.txt', 'env'), 'dotenv');
    assert.throws(() => importFormat('settings.txt', undefined), /pass --format/);
    assert.throws(() => importFormat('x.json', 'xml'), /--format must be json, yaml or dotenv/);
    assert.equal(exportFormat('sh'), 'shell');
    assert.throws(() => exportFormat(undefined), /required/);
  });
});
