// The database password changed while the app serves, with the app under
// `kura exec --watch --restart` (Kura stays its parent, reads the path again every interval, and
// restarts the app with the new environment when a value changed). 20 clients send GET /posts one
// after the other for the whole run; the password is changed in MariaDB and, right after, as a new
// version of the SecureString parameter. What is measured:
// - how long from the new parameter version until a restarted app answers, against the interval;
// - how many requests failed, and why (the app is down between its SIGTERM and the new process
//   listening; kura exec does not hold the port, so those requests are refused): reported in the
//   test's diagnostics and README ("Watching for a new password");
// - that the app serves /posts afterwards on connections opened with the new password only.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { dropConnections, findDescendant } from './support/connections.js';
import { aws, kuraHas, putDatabaseParameters, startKuraServe, type KuraServer } from './support/kura.js';
import { startLoad } from './support/load.js';
import { createTestDatabase, type TestDatabase } from './support/mariadb.js';
import { distDir, kuraBin, packageDir } from './support/paths.js';
import { closedPort, run, type Running } from './support/process.js';

const INTERVAL_S = 5;
const CLIENTS = 20;
const ready = kuraHas('exec') && /--watch/.test(execHelp());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function execHelp(): string {
  try {
    return execFileSync(process.execPath, [kuraBin, 'exec', '--help'], { encoding: 'utf8' });
  } catch {
    return '';
  }
}

describe('a new database password under kura exec --watch --restart', { skip: ready ? false : 'this build of Kura has no `exec --watch`' }, () => {
  let kura: KuraServer;
  let db: TestDatabase;
  let app: Running | undefined;

  before(async () => {
    db = await createTestDatabase('watch', { migrated: true });
    kura = await startKuraServe();
    await putDatabaseParameters(kura, 'goecssample', db.env);
  });

  after(async () => {
    await app?.stop('SIGTERM');
    await kura?.stop();
    await db?.drop();
  });

  test('the app serves /posts with the new password within one watch interval', async (t) => {
    const port = await closedPort();
    const started = Date.now();
    app = run(
      process.execPath,
      [kuraBin, 'exec', `--watch=${INTERVAL_S}s`, '--restart', '--kill-timeout', '5s', '--path', '/goecssample/database/sample/master', '--prefix', 'DB_', '--', process.execPath, `${distDir}/server.js`],
      { cwd: packageDir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', PORT: String(port), ...kura.clientEnv } },
    );
    await app.waitFor((line) => line.msg === 'listening', 15_000);
    const url = `http://127.0.0.1:${port}/posts`;
    const load = startLoad(url, CLIENTS);
    await sleep(1_000);

    const password = `new-${Date.now()}-pw`;
    await db.root.query('ALTER USER ?@? IDENTIFIED BY ?', [db.user, '%', password]);
    await aws(kura, ['ssm', 'put-parameter', '--name', '/goecssample/database/sample/master/password', '--type', 'SecureString', '--value', password, '--overwrite']);
    const changedAt = Date.now();

    const listening = () => app!.lines().filter((line) => line.msg === 'listening').length;
    while (listening() < 2 && Date.now() - changedAt < 3 * INTERVAL_S * 1000) await sleep(50);
    const restartedAfterMs = Date.now() - changedAt;
    assert.equal(listening(), 2, `the app was not restarted within ${3 * INTERVAL_S} s of the change; kura exec said:\n${app.stderr()}`);
    const restartedAt = Date.now();
    await sleep(1_000);
    const result = await load.stop();

    // The restarted app holds the new password: its connections, dropped, come back with it.
    const after = await fetch(url);
    assert.equal(after.status, 200);
    await after.arrayBuffer();
    const appPid = findDescendant(app.child.pid!, (argv) => argv.some((word) => word.endsWith('server.js')));
    assert.ok(appPid !== undefined, 'the app runs as kura exec\'s child');
    assert.ok((await dropConnections(db.root, appPid, db.config.port)) > 0, 'the app had connections to drop');
    const again = await fetch(url);
    assert.equal(again.status, 200, 'the app answers /posts on connections opened with the new password');
    await again.arrayBuffer();

    const said = app.stderr();
    assert.match(said, /DB_PASSWORD/, 'kura exec names the changed variable');
    assert.doesNotMatch(said, new RegExp(password), 'and never its value');
    // One interval with its jitter, the read, and the app's own restart.
    assert.ok(restartedAfterMs <= INTERVAL_S * 1.2 * 1000 + 5_000, `restarted ${restartedAfterMs} ms after the change`);
    const failed = result.failures.length;
    t.diagnostic(
      `run ${Math.round((Date.now() - started) / 1000)} s: ${result.requests} requests, ${failed} failed (${JSON.stringify(result.byReason)}); ` +
        `a restarted app listening ${restartedAfterMs} ms after the new parameter version (interval ${INTERVAL_S} s)`,
    );
    // The failures are the restart's window only: none once the new app listens.
    const lastSecond = result.failures.filter((f) => f.at > restartedAt + 200);
    assert.equal(lastSecond.length, 0, `requests failed after the restart: ${JSON.stringify(lastSecond.slice(0, 5))}`);
  });
});
