import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { renderTemplate } from './template.js';

const ORIGIN = '--template /etc/app.tmpl:/run/app.conf';
const ENV = { DB_HOST: 'db.internal', DB_PORT: '3306', EMPTY: '', _x9: 'lower', DB_PASSWORD: 'p"a\\ss\nw0rd\té✓' };

function refusal(text: string, pattern: RegExp, env: Record<string, string> = ENV): void {
  assert.throws(
    () => renderTemplate(text, env, ORIGIN),
    (error: Error & { exitCode?: number }) => {
      assert.equal(error.exitCode, 4);
      assert.match(error.message, pattern);
      assert.ok(error.message.startsWith(`${ORIGIN}: `), error.message);
      for (const value of Object.values(env)) if (value.length > 2) assert.ok(!error.message.includes(value), `a value in: ${error.message}`);
      return true;
    },
  );
}

describe('rendering a --template', () => {
  test('{{NAME}} is the value as it is; text around it, }} alone and single braces stay as written', () => {
    const text = 'host = {{DB_HOST}}:{{DB_PORT}}\nempty=[{{EMPTY}}] {x} } }} {{_x9}}\n';
    assert.equal(renderTemplate(text, ENV, ORIGIN), 'host = db.internal:3306\nempty=[] {x} } }} lower\n');
    assert.equal(renderTemplate('no tags at all', ENV, ORIGIN), 'no tags at all');
    assert.equal(renderTemplate('', ENV, ORIGIN), '');
  });

  test('spaces and tabs are allowed inside the braces and around |', () => {
    assert.equal(renderTemplate('{{ DB_HOST }} {{\tDB_PORT\t}} {{ DB_PORT | json }} {{DB_PORT|json }}', ENV, ORIGIN), 'db.internal 3306 "3306" "3306"');
  });

  test('a value is inserted once, never read as a template itself', () => {
    assert.equal(renderTemplate('{{A}}', { A: '{{B}} {{{{' }, ORIGIN), '{{B}} {{{{');
  });

  test('{{NAME|json}} is a JSON string literal: quotes, backslashes, newlines, tabs, control characters, Unicode', () => {
    const json = renderTemplate('{"password": {{DB_PASSWORD|json}}, "host": {{DB_HOST|json}}}', ENV, ORIGIN);
    assert.equal(json, '{"password": "p\\"a\\\\ss\\nw0rd\\té✓", "host": "db.internal"}');
    assert.deepEqual(JSON.parse(json), { password: ENV.DB_PASSWORD, host: ENV.DB_HOST });
    const odd = { V: '\u0000\u001f\u2028 "\'\\ パスワード 😀 \ud800' };
    assert.equal(JSON.parse(renderTemplate('{{V|json}}', odd, ORIGIN)), odd.V);
    assert.ok(!renderTemplate('{{V|json}}', odd, ORIGIN).includes('\n'), 'one line, whatever the value');
  });

  test('any value through |json parses back to itself', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        assert.equal(JSON.parse(renderTemplate('{"v": {{ V | json }}}', { V: value }, ORIGIN)).v, value);
      }),
      { numRuns: 300 },
    );
  });

  test('{{{{ is a literal {{, the one escape', () => {
    assert.equal(renderTemplate('{{{{DB_HOST}} is {{DB_HOST}}', ENV, ORIGIN), '{{DB_HOST}} is db.internal');
    assert.equal(renderTemplate('a {{{{ b', ENV, ORIGIN), 'a {{ b');
    assert.equal(renderTemplate('{{{{{{{{', ENV, ORIGIN), '{{{{');
    // the escape is taken first, left to right: five braces are a literal {{ then a tag
    assert.equal(renderTemplate('{{{{{{DB_PORT}}', ENV, ORIGIN), '{{3306');
  });

  test('every name that is not set is listed once, in order, and nothing is rendered', () => {
    refusal('{{NOPE}} {{DB_HOST}} {{ALSO_NOPE|json}} {{NOPE}}', /^--template \S+: not set in the program's environment: NOPE, ALSO_NOPE$/);
    // inherited properties of an object are not variables
    refusal('{{constructor}} {{toString}}', /not set in the program's environment: constructor, toString$/);
  });

  test('a {{ not closed on its line names the line', () => {
    refusal('a\nb\n{{DB_HOST\n}}', /: line 3: \{\{ is not closed by \}\} on the same line/);
    refusal('ok {{DB_HOST}}\n\n{{DB_PORT', /: line 3: \{\{ is not closed/);
  });

  test('anything but a name (and |json) between the braces names the line, never the text', () => {
    for (const text of ['{{}}', '{{ }}', '{{9LIVES}}', '{{DB HOST}}', '{{DB-HOST}}', '{{{DB_HOST}}}', '{{"secret-looking text"}}', '{{$DB_HOST}}']) {
      refusal(`first\n${text}`, /: line 2: \{\{…\}\} must hold a variable name, optionally followed by \|json/);
    }
    assert.throws(() => renderTemplate('{{"hunter2"}}', {}, ORIGIN), (error: Error) => !error.message.includes('hunter2'));
  });

  test('an unknown filter names the line and the filter', () => {
    refusal('x\ny\n{{DB_HOST|upper}}', /: line 3: unknown filter 'upper' \(the only one is json\)$/);
    refusal('{{DB_HOST|}}', /: line 1: unknown filter after \|/);
    refusal('{{DB_HOST|json|json}}', /: line 1: unknown filter after \|/);
  });

  test('a syntax fault is reported before missing names, at its own line', () => {
    refusal('{{NOPE}}\n{{DB_HOST|yaml}}', /: line 2: unknown filter 'yaml'/);
  });
});
