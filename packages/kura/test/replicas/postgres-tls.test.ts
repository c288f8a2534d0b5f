// TLS to the database: with sslmode=verify-full and the server's CA, Kura connects encrypted and
// serves; with a CA that did not sign the server's certificate it refuses to start, saying why,
// without the URL's password.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import pg from 'pg';
import { kuraBin, startKura } from '../e2e/harness.js';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';

/** A CA and a server certificate for localhost / 127.0.0.1 signed by it, made with openssl. */
function certificates(dir: string, name: string): { ca: string; cert: string; key: string } {
  const f = (n: string) => path.join(dir, `${name}-${n}`);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=kura test CA ${name}`, '-keyout', f('ca.key'), '-out', f('ca.pem'));
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', f('server.key'), '-out', f('server.csr'));
  execFileSync('sh', ['-c', `printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\n' > '${f('ext')}'`]);
  ssl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', f('ext'), '-out', f('server.crt'));
  return { ca: f('ca.pem'), cert: readFileSync(f('server.crt'), 'utf8'), key: readFileSync(f('server.key'), 'utf8') };
}

describe('kura serve --store with TLS to PostgreSQL', () => {
  let work: string;
  let server: PrivatePostgres;
  let ca: string;
  let otherCa: string;
  before(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'kura-pgtls-'));
    const own = certificates(work, 'own');
    otherCa = certificates(work, 'other').ca;
    ca = own.ca;
    server = await startPrivatePostgres({
      files: { 'server.crt': own.cert, 'server.key': own.key },
      config: ['ssl = on', "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'"],
    });
  });
  after(() => {
    server?.destroy();
    rmSync(work, { recursive: true, force: true });
  });

  test('sslmode=verify-full with the right CA: served, over encrypted connections', async () => {
    const url = `postgres://postgres:not-needed-pw@localhost:${server.port}/postgres?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca)}`;
    const kura = await startKura({ args: ['--store', url], dataDir: path.join(work, 'ok') });
    try {
      const ssm = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
      await ssm.send(new PutParameterCommand({ Name: '/tls/p', Value: 'over tls', Type: 'SecureString' }));
      assert.equal((await ssm.send(new GetParameterCommand({ Name: '/tls/p', WithDecryption: true }))).Parameter?.Value, 'over tls');
      ssm.destroy();
      const probe = new pg.Client({ connectionString: server.url() });
      await probe.connect();
      const { rows } = await probe.query("SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'kura'");
      await probe.end();
      assert.ok(rows.length > 0, 'kura holds connections');
      assert.ok(rows.every((r: { ssl: boolean }) => r.ssl), 'every one of them encrypted');
      assert.ok(!kura.stderr().includes('not-needed-pw') && !kura.stdout().includes('not-needed-pw'), 'the password is never shown');
    } finally {
      await kura.stop();
    }
  });

  test('a certificate the given CA did not sign: the start is refused, saying why', () => {
    const url = `postgres://postgres:not-needed-pw@localhost:${server.port}/postgres?sslmode=verify-full&sslrootcert=${encodeURIComponent(otherCa)}`;
    const refused = spawnSync(process.execPath, [kuraBin, 'serve', '--port', '0', '--data', path.join(work, 'refused'), '--store', url], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.stderr, new RegExp(`^kura serve: cannot open the PostgreSQL store postgres://postgres:\\*\\*\\*@localhost:${server.port}/postgres\\?sslmode=verify-full&sslrootcert=\\S+: .*certificate`, 'm'));
    assert.ok(!refused.stderr.includes('not-needed-pw'));
  });
});
