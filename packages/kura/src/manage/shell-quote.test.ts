import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { serializeShell, shellQuote } from './shell-quote.js';

const HOSTILE = [
  "it's",
  "''",
  '"double" quotes',
  'line1\nline2\n',
  '$(touch /tmp/kura-pwned)',
  '`touch /tmp/kura-pwned`',
  '${HOME} $HOME $$ $? $!',
  '\\ \\\\ \\n',
  '; rm -rf / #',
  '*  ?  [a-z]',
  '~root',
  '!history',
  '',
  ' leading and trailing ',
  'ünï ☃ \u001b[31mred',
  "end with quote'",
];

/**
 * Sources the exported lines in a real shell and prints each variable back NUL-separated. The values
 * travel in a script file, never in argv.
 */
function roundTrip(shell: string, values: string[]): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'kura-shell-'));
  try {
    const entries = values.map((value, i) => ({ key: `V${i}`, value }));
    const script = `${serializeShell(entries)}${entries.map((e) => `printf '%s\\0' "$${e.key}"\n`).join('')}`;
    writeFileSync(path.join(dir, 'script.sh'), script);
    const out = execFileSync(shell, [path.join(dir, 'script.sh')], { cwd: dir, env: { PATH: process.env.PATH } }).toString('utf8');
    return out.split('\0').slice(0, -1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('shell quoting', () => {
  it('wraps in single quotes and writes a single quote as \'\\\'\'', () => {
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellQuote(''), "''");
    assert.equal(shellQuote('$(id)'), "'$(id)'");
  });

  for (const shell of ['sh', 'bash']) {
    it(`gives ${shell} back every hostile value exactly, running nothing`, () => {
      assert.deepEqual(roundTrip(shell, HOSTILE), HOSTILE);
    });
  }

  it('gives sh back arbitrary strings exactly', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }).filter((s) => !s.includes('\0')), { minLength: 1, maxLength: 8 }), (values) => {
        assert.deepEqual(roundTrip('sh', values), values);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses what a shell cannot hold or a name that is not a variable', () => {
    assert.throws(() => shellQuote('a\0b'), /NUL/);
    assert.throws(() => serializeShell([{ key: 'A;rm', value: 'x' }]), /not a shell variable name/);
  });
});
