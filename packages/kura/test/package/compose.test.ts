// examples/compose/docker-compose.yml, checked without a container engine: it parses, every
// Dockerfile and path it names exists, the services agree with each other (names, ports,
// credentials, the database password), its seed loads as `kura serve --seed` would load it with the
// environment the file gives the kura service, and the app's `kura exec` reads its DB_* from such a
// server with the credentials the file gives the app (the built bin here, not the images).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { loadSeed } from '../../src/seed/load.js';
import { kuraBin, startKura } from '../e2e/harness.js';
import { repoRoot } from './kit.js';

interface Service {
  build?: { context: string; dockerfile: string };
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const folder = path.join(repoRoot, 'examples/compose');
const document = parseDocument(readFileSync(path.join(folder, 'docker-compose.yml'), 'utf8'), { uniqueKeys: true, merge: true });
const compose = document.toJS({ maxAliasCount: 10 }) as { name: string; services: Record<string, Service>; volumes: Record<string, unknown> };
const services = compose.services;

/** Compose's interpolation, with every variable unset: ${NAME:-default} is its default. */
function interpolate(value: string): string {
  return value.replace(/\$\{([A-Z_][A-Z0-9_]*)(?::-([^}]*))?\}/g, (_, name: string, fallback: string | undefined) => {
    if (fallback === undefined) throw new Error(`${name} has no default in the compose file`);
    return fallback;
  });
}
const environment = (service: string): Record<string, string> => Object.fromEntries(Object.entries(services[service]!.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]));

describe('examples/compose/docker-compose.yml', () => {
  test('parses, and names Kura, MariaDB and the posts API (its migration first)', () => {
    assert.deepEqual(document.errors, []);
    assert.deepEqual(Object.keys(services).sort(), ['kura', 'mariadb', 'posts-api', 'posts-api-migrate']);
    assert.match(services.mariadb!.image!, /^mariadb:\d+/);
  });

  test('every Dockerfile, build context and bind-mounted path it names exists', () => {
    for (const [name, service] of Object.entries(services)) {
      if (service.build) {
        const context = path.resolve(folder, service.build.context);
        assert.equal(context, repoRoot, `${name} builds from the repository root (its Dockerfile's context)`);
        assert.ok(existsSync(path.join(context, service.build.dockerfile)), `${name}: ${service.build.dockerfile}`);
        assert.ok(existsSync(path.join(context, `${service.build.dockerfile}.dockerignore`)), `${name}: its ignore file`);
      } else assert.ok(service.image, `${name} has an image or a build`);
      for (const volume of service.volumes ?? []) {
        const [source] = volume.split(':');
        if (source!.startsWith('.') || source!.startsWith('/')) assert.ok(statSync(path.resolve(folder, source!)), `${name}: ${source}`);
        else assert.ok(source! in compose.volumes, `${name}: the named volume ${source} is declared`);
      }
    }
  });

  test('kura: the server image seeded from the mounted folder, beyond loopback the way the image allows, healthy before the app starts', () => {
    const kura = services.kura!;
    assert.equal(kura.build?.dockerfile, 'packages/kura/Dockerfile');
    assert.deepEqual(kura.command, ['serve', '--seed', '/seed']);
    assert.ok(kura.volumes?.includes('./seed:/seed:ro'));
    assert.ok(kura.volumes?.includes('kura-data:/data'), 'the image declares /data its volume');
    const env = environment('kura');
    assert.equal(env.KURA_INSECURE_HTTP, '1');
    assert.equal(env.KURA_DEV, undefined, '--dev is refused beyond loopback');
    assert.equal(env.KURA_ALLOWED_HOST, 'kura');
    for (const name of ['posts-api', 'posts-api-migrate']) {
      assert.equal(new URL(environment(name).AWS_ENDPOINT_URL!).host, 'kura:4566', `${name} reaches kura by its service name and the image's port`);
      assert.equal(environment(name).KURA_EXEC_INSECURE_HTTP, '1', `${name}: kura exec over plain HTTP beyond loopback`);
    }
    assert.deepEqual(services['posts-api-migrate']!.depends_on, { kura: { condition: 'service_healthy' }, mariadb: { condition: 'service_healthy' } });
    assert.deepEqual(services['posts-api']!.depends_on, { 'posts-api-migrate': { condition: 'service_completed_successfully' } });
  });

  test('its seed loads with the kura service environment, and gives the app what it needs to reach MariaDB', () => {
    const env = environment('kura');
    const seed = loadSeed(['seed'], { env, dev: false, accountId: '000000000000', cwd: folder, rotationFunctions: { names: [], nameOf: () => undefined } });
    const parameters = Object.fromEntries(seed.parameters.map((p) => [p.name.split('/').at(-1), p.value]));
    const app = environment('posts-api');
    const db = environment('mariadb');
    assert.deepEqual(parameters, { user: db.MARIADB_USER, password: db.MARIADB_PASSWORD, host: 'mariadb', name: db.MARIADB_DATABASE, port: '3306' });
    assert.ok(seed.parameters.every((p) => p.name.startsWith(`/${app.PARAMETER_STORE_PREFIX}/database/sample/master/`)), 'under the path the entrypoint reads');
    const user = seed.users.find((u) => u.accessKeys.some((k) => k.accessKeyId === app.AWS_ACCESS_KEY_ID));
    assert.ok(user, "the app's access key is a seeded user's");
    assert.equal(user.accessKeys[0]!.secretAccessKey, app.AWS_SECRET_ACCESS_KEY);
    assert.deepEqual(environment('posts-api-migrate'), app);
  });

  test("the app's container side, run here: kura serve with the kura service's environment and seed, kura exec with the app's", async () => {
    const kura = await startKura({ args: ['--seed', path.join(folder, 'seed')], env: environment('kura') });
    try {
      // The entrypoint's command for PARAMETER_STORE_PREFIX (examples/posts-api/docker-entrypoint.sh), against this server.
      const app: Record<string, string> = { ...environment('posts-api'), AWS_ENDPOINT_URL: kura.url, PATH: process.env.PATH! };
      const printEnv = "process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('DB_')))))";
      const r = spawnSync(process.execPath, [kuraBin, 'exec', '--path', `/${app.PARAMETER_STORE_PREFIX}/database/sample/master`, '--prefix', 'DB_', '--', process.execPath, '-e', printEnv], { env: app, encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 0, r.stderr);
      const db = environment('mariadb');
      assert.deepEqual(JSON.parse(r.stdout), { DB_USER: db.MARIADB_USER, DB_PASSWORD: db.MARIADB_PASSWORD, DB_HOST: 'mariadb', DB_NAME: db.MARIADB_DATABASE, DB_PORT: '3306' });
    } finally {
      await kura.stop();
    }
  });
});
