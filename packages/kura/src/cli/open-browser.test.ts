import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import { browserCommand, openBrowser } from './open-browser.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kura-open-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("opening the console in the desktop's browser", () => {
  test('the opener of each desktop, the URL one argument of it', () => {
    const url = 'http://127.0.0.1:4566/_kura/console/';
    assert.deepEqual(browserCommand('linux', url), { command: 'xdg-open', args: [url] });
    assert.deepEqual(browserCommand('freebsd', url), { command: 'xdg-open', args: [url] });
    assert.deepEqual(browserCommand('darwin', url), { command: 'open', args: [url] });
    assert.deepEqual(browserCommand('win32', url), { command: 'rundll32.exe', args: ['url.dll,FileProtocolHandler', url] });
  });

  test('runs the opener with the URL as it is, never through a shell', { skip: process.platform === 'win32' }, async () => {
    const bin = path.join(dir, 'bin');
    const recorded = path.join(dir, 'args');
    const planted = path.join(dir, 'planted');
    writeFileSync(path.join(dir, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$#" "$@" > '${recorded}'\n`);
    chmodSync(path.join(dir, 'xdg-open'), 0o755);
    // A host name may hold `&` and `;`: a shell would run what follows them.
    const url = `http://a&touch${'${IFS}'}${planted};b:4566/_kura/console/`;
    await openBrowser(url, { platform: 'linux', env: { PATH: `${dir}:${bin}:/usr/bin:/bin` } });
    for (let i = 0; i < 100 && !existsSync(recorded); i++) await sleep(20);
    await sleep(50);
    assert.equal(readFileSync(recorded, 'utf8'), `1\n${url}\n`);
    assert.ok(!existsSync(planted));
  });

  test('an opener that is not installed rejects, naming it', async () => {
    await assert.rejects(openBrowser('http://127.0.0.1:4566/_kura/console/', { platform: 'linux', env: { PATH: path.join(dir, 'nothing-here') } }), { message: 'xdg-open: ENOENT' });
  });
});
