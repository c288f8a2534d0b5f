import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOutputFormat, printable, renderJson, renderTable, renderText } from './output.js';

describe('--output rendering', () => {
  const rows = [
    { Name: '/a', Version: 1, Labels: ['prod', 'x'], Date: new Date('2024-01-02T03:04:05.000Z') },
    { Name: '/bb', Version: 12, Labels: [] },
  ];

  it('prints text as raw tab-separated fields, one row per line, no header', () => {
    assert.equal(renderText(rows, ['Name', 'Version', 'Labels', 'Date']), '/a\t1\tprod,x\t2024-01-02T03:04:05.000Z\n/bb\t12\t\t\n');
  });

  it('prints a boxed table sized to its widest cell', () => {
    assert.equal(
      renderTable(rows, ['Name', 'Version']),
      ['+------+---------+', '| Name | Version |', '+------+---------+', '| /a   | 1       |', '| /bb  | 12      |', '+------+---------+', ''].join('\n'),
    );
  });

  it('shows control characters in table cells as escapes, so a value cannot drive the terminal', () => {
    const table = renderTable([{ V: 'a\nb\u001b[2Jc\td' }], ['V']);
    assert.ok(table.includes('a\\nb\\x1b[2Jc\\td'));
    assert.ok(!table.includes('\u001b'));
    assert.equal(printable('ok ü'), 'ok ü');
  });

  it('prints json as the data, dates as ISO strings', () => {
    assert.deepEqual(JSON.parse(renderJson(rows)), [
      { Name: '/a', Version: 1, Labels: ['prod', 'x'], Date: '2024-01-02T03:04:05.000Z' },
      { Name: '/bb', Version: 12, Labels: [] },
    ]);
  });

  it('accepts json, text and table only', () => {
    assert.equal(parseOutputFormat(undefined), 'text');
    assert.equal(parseOutputFormat('table'), 'table');
    assert.throws(() => parseOutputFormat('yaml'), /--output must be one of json, text, table \(got 'yaml'\)/);
  });
});
