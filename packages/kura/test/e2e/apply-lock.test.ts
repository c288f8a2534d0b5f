// `kura apply` runs one at a time per stack: the lock /kura/stacks/<stack>/lock. Two applies started
// at once: one applies, the other is refused naming the holder and writes nothing (a proxy holds the
// winner just after it took the lock, so the two overlap for certain). A lock left by a dead process
// of this host is taken over; one from another host is refused, shown by a dry run, and broken by
// --force-unlock. --delete honours it. A failed apply (rolled back, or its template refused)
// releases it. After each run that succeeded or failed, no lock is left.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { DescribeParametersCommand, GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { decodeHolder, encodeHolder, LOCK_FORMAT, type LockHolder } from '../../src/apply/lock-holder.js';
import { startKura, type RunningKura } from './harness.js';
import { holdingProxy } from './holding-proxy.js';
import { kuraCli, kuraFails, kuraOk } from './manage-cli.js';

const LOCK = '/kura/stacks/race/lock';
const TEMPLATE = `Resources:
  One: {Type: AWS::SSM::Parameter, Properties: {Name: /race/one, Type: String, Value: '1'}}
  Two: {Type: AWS::SSM::Parameter, DependsOn: One, Properties: {Name: /race/two, Type: String, Value: '2'}}
`;
const STACK = ['/kura/stacks/race', '/race/one', '/race/two'];
const held = (holder: LockHolder) =>
  `kura apply: stack race is locked by another run: ${holder.operation} by pid ${holder.pid} on ${holder.host} since ${holder.since} (${LOCK}); ` +
  'wait for it to finish, or, if that run is gone, break the lock with --force-unlock';

describe('kura apply: one run at a time per stack', () => {
  let kura: RunningKura;
  let dir: string;
  let ssm: SSMClient;
  let template: string;
  const names = async () => ((await ssm.send(new DescribeParametersCommand({}))).Parameters ?? []).map((p) => p.Name).sort();
  const lockValue = async () => {
    try {
      return (await ssm.send(new GetParameterCommand({ Name: LOCK }))).Parameter?.Value;
    } catch (error) {
      if (error instanceof Error && error.name === 'ParameterNotFound') return undefined;
      throw error;
    }
  };
  const foreign: LockHolder = { format: LOCK_FORMAT, operation: 'apply', host: 'build-agent-7', pid: 4242, since: '2026-01-02T03:04:05.000Z', token: 'f00d' };
  const putLock = (holder: LockHolder) => ssm.send(new PutParameterCommand({ Name: LOCK, Value: encodeHolder(holder), Type: 'String' }));

  before(async () => {
    kura = await startKura();
    dir = mkdtempSync(path.join(tmpdir(), 'kura-apply-lock-'));
    ssm = new SSMClient({ endpoint: kura.url, region: 'us-east-1', credentials: kura.credentials });
    template = path.join(dir, 'race.yaml');
    writeFileSync(template, TEMPLATE);
  });
  after(async () => {
    ssm.destroy();
    await kura.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('two applies started at once: one applies, the other is refused and writes nothing', async () => {
    // Each run's first read of the record (after it took the lock) waits at the proxy.
    const proxy = await holdingProxy(kura.url, (body) => body.includes('"Name":"/kura/stacks/race"'));
    try {
      const runs = [0, 1].map((i) => kuraCli(kura, ['apply', template, '--stack-name', 'race'], { env: { AWS_ENDPOINT_URL: proxy.url } }).then((result) => ({ i, result })));
      // Without a lock both would wait at the proxy: fail then, rather than hang.
      const stuck = delay(30_000, undefined, { ref: false }).then(() => assert.fail('neither run was refused in 30 s: both went on to read the record'));
      const loser = await Promise.race([...runs, stuck]);
      await proxy.held;
      const holder = decodeHolder((await lockValue()) ?? '');
      assert.ok(holder, 'the winner holds the lock');
      assert.deepEqual([holder.operation, holder.host], ['apply', hostname()]);
      assert.deepEqual([loser.result.code, loser.result.stderr, loser.result.stdout], [1, `${held(holder)}\n`, '']);
      assert.deepEqual(await names(), [LOCK], 'nothing written but the winner’s lock');

      proxy.release();
      const winner = (await runs[1 - loser.i]!).result;
      assert.equal(winner.code, 0, winner.stderr);
      assert.equal(winner.stderr, '');
      assert.match(winner.stdout, /\nApplied: 2 created\.\n$/);
    } finally {
      proxy.release();
      await proxy.close();
    }
    assert.deepEqual(await names(), STACK, 'no lock left');
    assert.match(await kuraOk(kura, ['apply', template, '--stack-name', 'race']), /\nNo changes \(2 unchanged\)\.\n$/);
    assert.deepEqual(await names(), STACK);
  });

  test('a lock left on this host by a process that is gone is taken over, with a notice', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']);
    assert.equal(gone.status, 0);
    const stale: LockHolder = { ...foreign, host: hostname(), pid: gone.pid };
    await putLock(stale);
    const out = await kuraCli(kura, ['apply', template, '--stack-name', 'race']);
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stderr, `kura apply: took over the lock of stack race (apply by pid ${gone.pid} on ${hostname()} since ${stale.since}): that process is gone\n`);
    assert.match(out.stdout, /\nNo changes \(2 unchanged\)\.\n$/);
    assert.equal(await lockValue(), undefined);
  });

  test('a lock held on this host by a live process is refused', async () => {
    const live: LockHolder = { ...foreign, host: hostname(), pid: process.pid };
    await putLock(live);
    assert.equal(await kuraFails(kura, ['apply', template, '--stack-name', 'race'], { code: 1 }), held(live));
    assert.equal(await lockValue(), encodeHolder(live), 'not taken over');
    assert.match(await kuraOk(kura, ['apply', template, '--stack-name', 'race', '--force-unlock']), /\nNo changes/);
  });

  test('a lock from another host is refused, shown by a dry run, and broken by --force-unlock', async () => {
    await putLock(foreign);
    assert.equal(await kuraFails(kura, ['apply', template, '--stack-name', 'race'], { code: 1 }), held(foreign));
    assert.equal(await lockValue(), encodeHolder(foreign), 'left as it was');

    const dry = await kuraCli(kura, ['apply', template, '--stack-name', 'race', '--dry-run']);
    assert.deepEqual([dry.code, dry.stderr], [0, '']);
    assert.match(dry.stdout, /\nNo changes \(2 unchanged\)\.\nWarning: stack race is locked \(apply by pid 4242 on build-agent-7 since 2026-01-02T03:04:05\.000Z\): a run that writes would be refused now\n$/);
    const json = JSON.parse(await kuraOk(kura, ['apply', template, '--stack-name', 'race', '--dry-run', '--json'])) as { warnings: string[] };
    assert.equal(json.warnings.length, 1);
    assert.equal(await lockValue(), encodeHolder(foreign), 'a dry run touches no lock');
    assert.equal(await kuraFails(kura, ['apply', template, '--stack-name', 'race', '--dry-run', '--force-unlock'], { code: 2 }), 'kura apply: --dry-run takes no lock, so it takes no --force-unlock');

    const forced = await kuraCli(kura, ['apply', template, '--stack-name', 'race', '--force-unlock']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(forced.stderr, 'kura apply: --force-unlock: broke the lock of stack race (apply by pid 4242 on build-agent-7 since 2026-01-02T03:04:05.000Z)\n');
    assert.deepEqual(await names(), STACK, 'no lock left');
  });

  test('a lock kura apply did not write is refused, and broken by --force-unlock', async () => {
    await ssm.send(new PutParameterCommand({ Name: LOCK, Value: 'mine', Type: 'String' }));
    assert.equal(
      await kuraFails(kura, ['apply', template, '--stack-name', 'race'], { code: 1 }),
      `kura apply: stack race is locked: ${LOCK} holds a value kura apply did not write; if no run is applying the stack, break the lock with --force-unlock`,
    );
    const forced = await kuraCli(kura, ['apply', template, '--stack-name', 'race', '--force-unlock']);
    assert.deepEqual([forced.code, forced.stderr], [0, 'kura apply: --force-unlock: broke the lock of stack race (a value kura apply did not write)\n']);
    assert.equal(await lockValue(), undefined);
  });

  test('--delete honours the lock, and --force-unlock breaks it', async () => {
    await putLock(foreign);
    assert.equal(await kuraFails(kura, ['apply', '--delete', '--stack-name', 'race'], { code: 1 }), held(foreign));
    assert.deepEqual(await names(), [...STACK, LOCK].sort(), 'nothing deleted');
    const dry = await kuraOk(kura, ['apply', '--delete', '--stack-name', 'race', '--dry-run']);
    assert.match(dry, /\n2 to delete\.\nWarning: stack race is locked \(apply by pid 4242/);
    const deleted = await kuraCli(kura, ['apply', '--delete', '--stack-name', 'race', '--force-unlock']);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stdout, /^Deleted stack race\n[^]*\n2 deleted\.\n$/);
    assert.deepEqual(await names(), [], 'no resource, no record, no lock');
  });

  test('a failed apply releases the lock: rolled back midway, or its template refused after the lock was taken', async () => {
    const midway = path.join(dir, 'midway.yaml');
    writeFileSync(midway, `${TEMPLATE}  Three: {Type: AWS::SSM::Parameter, DependsOn: Two, Properties: {Name: /race/three, Type: String, Value: abc, AllowedPattern: '^[0-9]+$'}}\n`);
    assert.match(await kuraFails(kura, ['apply', midway, '--stack-name', 'race'], { code: 1 }), /; rolled back: deleted Two, One$/);
    assert.deepEqual(await names(), []);

    await kuraOk(kura, ['apply', template, '--stack-name', 'race']);
    const update = path.join(dir, 'update.yaml');
    writeFileSync(update, `${TEMPLATE.replace("Value: '2'", "Value: '22'")}  Three: {Type: AWS::SSM::Parameter, DependsOn: Two, Properties: {Name: /race/three, Type: String, Value: abc, AllowedPattern: '^[0-9]+$'}}\n`);
    assert.match(await kuraFails(kura, ['apply', update, '--stack-name', 'race'], { code: 1 }), /; rolled back: reverted Two$/);
    assert.deepEqual(await names(), STACK, 'the record, no lock');

    const refused = path.join(dir, 'refused.yaml');
    writeFileSync(refused, `${TEMPLATE}  Url: {Type: AWS::SSM::Parameter, Properties: {Type: String, Value: !GetAtt Alb.DNSName}}\n  Alb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer, Properties: {Name: web}}\n`);
    assert.match(await kuraFails(kura, ['apply', refused, '--stack-name', 'race'], { code: 1 }), /Resources\.Url\.Properties\.Value: Fn::GetAtt Alb\.DNSName: /);
    assert.deepEqual(await names(), STACK, 'the record, no lock');
    await kuraOk(kura, ['apply', '--delete', '--stack-name', 'race']);
    assert.deepEqual(await names(), []);
  });
});
