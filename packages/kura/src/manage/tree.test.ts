import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderTree } from './tree.js';

describe('kura tree drawing', () => {
  it('draws the hierarchy, with values when asked', () => {
    const items = [
      { name: '/app/db/host', value: 'db.internal' },
      { name: '/app/mode', value: 'prod' },
    ];
    assert.equal(renderTree('/app', items, true), ['/app', '├── db', '│   └── host = db.internal', '└── mode = prod', ''].join('\n'));
  });

  it("keeps a '..' level where it is stored, quoted, instead of folding it under /prod", () => {
    const items = [{ name: '/goecssample/../prod/db/password' }, { name: '/goecssample/db/host' }, { name: '/prod/db/password' }];
    assert.equal(
      renderTree('/', items, false),
      [
        '/',
        '├── goecssample',
        "│   ├── '..'",
        '│   │   └── prod',
        '│   │       └── db',
        '│   │           └── password',
        '│   └── db',
        '│       └── host',
        '└── prod',
        '    └── db',
        '        └── password',
        '',
      ].join('\n'),
    );
  });

  it("quotes '.' levels too, and leaves names that merely contain dots alone", () => {
    const items = [{ name: '/app/./x' }, { name: '/app/a..b' }];
    assert.equal(renderTree('/app', items, false), ['/app', "├── '.'", '│   └── x', '└── a..b', ''].join('\n'));
  });
});
