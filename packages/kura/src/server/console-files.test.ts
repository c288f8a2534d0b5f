import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { ConfigError } from './config.js';
import { ConsoleDirError, inlineContent, loadConsoleFiles, openConsole } from './console-files.js';
import { CONSOLE_FIXTURE, copyFixture, fixtureSite, FIXTURE_SCRIPT, FIXTURE_STYLE } from './testing/console-fixture.js';

const temporary: string[] = [];
after(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});
const scratch = () => {
  const copy = copyFixture();
  temporary.push(copy.parent);
  return copy;
};
const lines: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
const logger = { log: (level: string, msg: string, fields?: Record<string, unknown>) => void lines.push({ level, msg, ...(fields ? { fields } : {}) }) };

describe('loading the console files', () => {
  test('every file under the directory, keyed by its relative path, with its type, caching and ETag', () => {
    const { files, skipped, blockedByPolicy } = loadConsoleFiles(CONSOLE_FIXTURE);
    assert.deepEqual([...files.keys()], [FIXTURE_STYLE, FIXTURE_SCRIPT, 'favicon.svg', 'index.html']);
    assert.deepEqual([skipped, blockedByPolicy], [[], []]);
    const summary = Object.fromEntries([...files].map(([key, f]) => [key, [f.contentType, f.immutable, f.compressible]]));
    assert.deepEqual(summary, {
      [FIXTURE_STYLE]: ['text/css; charset=utf-8', true, false], // too small to be worth compressing
      [FIXTURE_SCRIPT]: ['text/javascript; charset=utf-8', true, true],
      'favicon.svg': ['image/svg+xml', false, false],
      'index.html': ['text/html; charset=utf-8', false, true],
    });
    for (const file of files.values()) assert.match(file.etag, /^"[A-Za-z0-9_-]{27}"$/);
    assert.notEqual(files.get('index.html')?.etag, files.get(FIXTURE_SCRIPT)?.etag);
  });

  test('the encoded forms are made apart from loading, and decode to the file', async () => {
    const { files } = loadConsoleFiles(CONSOLE_FIXTURE);
    assert.deepEqual(files.get(FIXTURE_SCRIPT)?.encoded, {}, 'not yet: start-up does not wait for them');
    const site = await fixtureSite();
    const script = site.files.get(FIXTURE_SCRIPT)!;
    assert.deepEqual(brotliDecompressSync(script.encoded.br!), script.body);
    assert.deepEqual(gunzipSync(script.encoded.gzip!), script.body);
    assert.ok(script.encoded.br!.length < script.body.length);
    assert.deepEqual(site.files.get(FIXTURE_STYLE)?.encoded, {});
  });

  test('a link leading outside the directory is left out, as are links to directories, dangling links, hidden and odd names', () => {
    const { parent, dir } = scratch();
    writeFileSync(path.join(parent, 'outside.txt'), 'not for the browser');
    symlinkSync(path.join(parent, 'outside.txt'), path.join(dir, 'outside.txt'));
    symlinkSync('../../outside.txt', path.join(dir, 'assets', 'up.txt'));
    symlinkSync('/etc/passwd', path.join(dir, 'passwd'));
    symlinkSync(parent, path.join(dir, 'parent'));
    symlinkSync('assets', path.join(dir, 'assets-link'));
    symlinkSync('missing.js', path.join(dir, 'dangling.js'));
    symlinkSync('index.html', path.join(dir, 'home.html'));
    writeFileSync(path.join(dir, '.env'), 'SECRET=1');
    writeFileSync(path.join(dir, 'back\\slash.js'), '1');
    mkdirSync(path.join(dir, '.vite'));
    writeFileSync(path.join(dir, '.vite', 'manifest.json'), '{}');
    const { files, skipped } = loadConsoleFiles(dir);
    assert.deepEqual([...files.keys()], [FIXTURE_STYLE, FIXTURE_SCRIPT, 'favicon.svg', 'home.html', 'index.html'], 'a link to a file inside is served');
    assert.deepEqual(files.get('home.html')?.body, files.get('index.html')?.body);
    assert.deepEqual(skipped, [
      '.env (a hidden or unusual name)',
      '.vite (a hidden or unusual name)',
      'assets/up.txt (a link leading outside the directory)',
      'assets-link (a link to a directory, not followed)',
      'back\\slash.js (a hidden or unusual name)',
      'dangling.js (a dangling link)',
      'outside.txt (a link leading outside the directory)',
      'parent (a link leading outside the directory)',
      'passwd (a link leading outside the directory)',
    ]);
  });

  test('the directory itself may be a link (dist/console in an install); what is inside it is judged from where it leads', () => {
    const { parent, dir } = scratch();
    symlinkSync(dir, path.join(parent, 'linked'));
    assert.deepEqual([...loadConsoleFiles(path.join(parent, 'linked')).files.keys()], [FIXTURE_STYLE, FIXTURE_SCRIPT, 'favicon.svg', 'index.html']);
  });

  test('refused: a directory that is missing, not a directory, without index.html, or too large to be a console build', () => {
    const { parent, dir } = scratch();
    const refused = (at: string, message: string) => assert.throws(() => loadConsoleFiles(at), (e: Error) => e instanceof ConsoleDirError && e.message === message);
    refused(path.join(parent, 'nowhere'), 'it does not exist');
    refused(path.join(dir, 'index.html'), 'it is not a directory');
    rmSync(path.join(dir, 'index.html'));
    refused(dir, 'it has no index.html: is it a console build?');
    for (let i = 0; i < 1001; i++) writeFileSync(path.join(dir, `f${i}.txt`), '');
    refused(dir, 'it holds more than 1000 files or 32 MiB: is it a console build?');
  });

  test("what in index.html the Content-Security-Policy would block is found (Vite's own output has none)", () => {
    assert.deepEqual(inlineContent('<script type="module" crossorigin src="/a.js"></script><link rel="stylesheet" href="/a.css">'), []);
    assert.deepEqual(inlineContent('<script>alert(1)</script>'), ['an inline <script>']);
    assert.deepEqual(inlineContent('<script type="module">import "/x.js"</script>'), ['an inline <script>']);
    assert.deepEqual(inlineContent('<style>body{}</style><div style="color:red" onclick="x()">'), ['a <style> element', 'a style attribute', 'an on… event handler attribute']);
  });
});

describe('the console as kura serve is configured', () => {
  test('--no-console: off, nothing read', () => {
    assert.deepEqual(openConsole(false, logger, '/nonexistent'), { state: 'off' });
  });

  test('the default directory unbuilt: one warning line, and the route says how to build it; the server still starts', () => {
    lines.length = 0;
    assert.deepEqual(openConsole({}, logger, '/nonexistent/console/dist'), { state: 'missing' });
    assert.deepEqual(lines, [
      {
        level: 'warn',
        msg: "the web console is not built: /_kura/console/ answers 404 until 'npm run build -w packages/console' is run and the server restarted",
        fields: { dir: '/nonexistent/console/dist', reason: 'it does not exist' },
      },
    ]);
  });

  test('--console-dir that cannot be served refuses the start, naming the directory and why', () => {
    assert.throws(
      () => openConsole({ dir: '/nonexistent/console' }, logger),
      (e: Error) => e instanceof ConfigError && e.message === '--console-dir /nonexistent/console: it does not exist',
    );
  });

  test('served: what was left out and what the policy would block are warned about, by name', async () => {
    const { dir } = scratch();
    symlinkSync('/etc/passwd', path.join(dir, 'passwd'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><script>boot()</script>');
    lines.length = 0;
    const site = openConsole({ dir }, logger);
    assert.equal(site.state, 'served');
    await (site.state === 'served' && site.compressed);
    assert.deepEqual(lines, [
      { level: 'warn', msg: 'web console files left out', fields: { dir, skipped: ['passwd (a link leading outside the directory)'] } },
      { level: 'warn', msg: "the web console's index.html holds what its Content-Security-Policy blocks", fields: { dir, found: ['an inline <script>'] } },
    ]);
  });
});
