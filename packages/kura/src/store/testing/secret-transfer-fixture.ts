// The Secrets Manager part of the transfer fixture (transfer-fixture.ts): secrets with versions,
// stages moved by rotations, a deprecated version, tags, rotation, a resource policy, a recorded
// access and a scheduled deletion, with free text, version ids and stages holding U+0000 (bytea on
// PostgreSQL) and sealed values that are not UTF-8; and the same secrets read back through the port.

import type { Scope } from '../scope.js';
import type { Store } from '../store.js';
import { OTHER_ACCOUNT, OTHER_REGION, SCOPE, T0 } from './contract/fixtures.js';
import { expecting, newSecret, NO_ROTATION, secretVersion, T1, versionIdFor } from './contract/secret-fixtures.js';

/** Not UTF-8, with a NUL: what a sealed value looks like. */
const SEALED = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x27, 0x5c, 0x22]);
/** A version id only a client's ClientRequestToken would give, sorting between two UUIDs. */
const ODD_VERSION = `${versionIdFor(2)}\u0000é`;

async function must<T>(outcome: Promise<T>, expected: T, what: string): Promise<void> {
  const value = await outcome;
  if (value !== expected) throw new Error(`fixture: ${what} gave ${JSON.stringify(value)}`);
}

export async function fillSecrets(store: Store): Promise<void> {
  const { secrets } = store;
  const secret = newSecret('app/db', {
    description: 'the database\u0000 😀', kmsKeyId: 'alias/app\u0000', resourcePolicy: '{"Version":"2012-10-17","Statement":[]}',
    tags: [{ key: 'team', value: 'core' }, { key: 'Env\u0000', value: '\u0000\uffff' }, { key: 'a', value: '' }],
    rotation: { enabled: true, lambdaArn: 'arn:aws:lambda:us-east-1:111122223333:function:rotate\u0000', automaticallyAfterDays: 30,
      scheduleExpression: 'rate(30 days)', duration: '2h', lastRotatedDate: T0, nextRotationDate: T1 },
  });
  await must(secrets.create(SCOPE, secret, secretVersion(versionIdFor(1), ['AWSCURRENT'], { sealed: SEALED })), 'created', 'secret');
  await must(secrets.change(SCOPE, 'app/db', expecting('app/db', 1), {
    addVersion: secretVersion(ODD_VERSION, ['AWSCURRENT', 'blue\u0000'], { kind: 'binary', createdDate: T1, sealed: Buffer.concat([SEALED, SEALED]) }),
    stages: [{ versionId: versionIdFor(1), stages: ['AWSPREVIOUS'] }],
  }), 'written', 'rotate');
  await must(secrets.change(SCOPE, 'app/db', expecting('app/db', 2), {
    patch: { lastChangedDate: T1 }, addVersion: secretVersion(versionIdFor(3), ['AWSCURRENT'], { createdDate: T1 }),
    stages: [{ versionId: ODD_VERSION, stages: ['AWSPREVIOUS', 'blue\u0000'] }, { versionId: versionIdFor(1), stages: [] }],
  }), 'written', 'rotate again');
  await secrets.touch(SCOPE, 'app/db', ODD_VERSION, T1);
  await must(secrets.create(SCOPE, newSecret('Zeta', { rotation: NO_ROTATION })), 'created', 'a secret without versions');
  await must(secrets.change(SCOPE, 'Zeta', expecting('Zeta', 1), { patch: { deletedDate: T0, deletionDate: T1 } }), 'written', 'schedule deletion');
  await must(secrets.create(OTHER_REGION, newSecret('app/db', {}, OTHER_REGION), secretVersion(versionIdFor(1), ['AWSCURRENT'])), 'created', 'other region');
}

/** Every secret of a scope, deleted or not, with its versions, as the port reads them. */
async function secretsOf(store: Store, scope: Scope): Promise<unknown> {
  const all = await store.secrets.list(scope, { sortBy: 'name', descending: false, includePlannedDeletion: true, limit: 1000 });
  return Promise.all(all.map(async (secret) => ({ secret, versions: await store.secrets.versions(scope, secret.name) })));
}

export async function dumpSecrets(store: Store): Promise<Record<string, unknown>> {
  const dump: Record<string, unknown> = {};
  for (const scope of [SCOPE, OTHER_REGION, OTHER_ACCOUNT]) dump[`secrets ${scope.accountId}/${scope.region}`] = await secretsOf(store, scope);
  return dump;
}
