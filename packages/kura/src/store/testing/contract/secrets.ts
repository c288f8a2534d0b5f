// Contract: Secrets Manager secrets, created and read (CreateSecret, DescribeSecret, GetSecretValue,
// ListSecretVersionIds): by name and ARN, a version by id, by stage or both, scopes kept apart, and
// the text a client may fill with anything (U+0000 included) read back as written.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SecretTag } from '../../secrets.js';
import { OTHER_ACCOUNT, OTHER_REGION, SCOPE, T0, withStore } from './fixtures.js';
import type { OpenStore } from './fixtures.js';
import { created, expectationOf, expecting, newSecret, secretArn, secretVersion, T1, versionIdFor } from './secret-fixtures.js';

const V1 = versionIdFor(1);
const V2 = versionIdFor(2);
const ODD = 'a\u0000b \uffff 😀 e\u0301 \u0301 "\'\\ \n\t';

export function secretContract(open: OpenStore): void {
  describe('secrets: create and read', () => {
    it('creates a secret with its first version and reads both back by name and by ARN', () =>
      withStore(open, async ({ secrets }) => {
        const secret = newSecret('app/db', {
          description: 'the database', kmsKeyId: 'alias/app', resourcePolicy: '{"Version":"2012-10-17","Statement":[]}',
          tags: [{ key: 'team', value: 'core' }, { key: 'Env', value: 'prod' }],
          rotation: { enabled: true, lambdaArn: 'arn:aws:lambda:us-east-1:111122223333:function:rotate', automaticallyAfterDays: 30,
            scheduleExpression: 'rate(30 days)', duration: '3h', lastRotatedDate: T0, nextRotationDate: T1 },
        });
        const first = secretVersion(V1, ['AWSCURRENT', 'AWSPENDING'], { sealed: Buffer.from([0, 0xff, 0x80, 0x0a]), kind: 'binary' });
        assert.equal(await secrets.create(SCOPE, secret, first), 'created');
        assert.deepEqual(await secrets.get(SCOPE, 'app/db'), created(secret));
        assert.deepEqual(await secrets.getByArn(SCOPE, secret.arn), created(secret));
        assert.deepEqual(await secrets.versions(SCOPE, 'app/db'), [first]);
        assert.deepEqual(await secrets.read(SCOPE, 'app/db', { stage: 'AWSCURRENT' }), { secret: created(secret), version: first });
      }));

    it('creates a secret without a version, and answers for names and ARNs it does not hold', () =>
      withStore(open, async ({ secrets }) => {
        assert.equal(await secrets.create(SCOPE, newSecret('empty')), 'created');
        assert.deepEqual(await secrets.versions(SCOPE, 'empty'), []);
        assert.deepEqual(await secrets.read(SCOPE, 'empty', { stage: 'AWSCURRENT' }), { secret: created(newSecret('empty')), version: undefined });
        assert.equal(await secrets.get(SCOPE, 'missing'), undefined);
        assert.equal(await secrets.get(SCOPE, 'Empty'), undefined, 'names are case-sensitive');
        assert.equal(await secrets.read(SCOPE, 'missing', { stage: 'AWSCURRENT' }), undefined);
        assert.deepEqual(await secrets.versions(SCOPE, 'missing'), []);
        assert.equal(await secrets.getByArn(SCOPE, secretArn('empty', SCOPE, 'XXXXXX')), undefined, 'another suffix is another secret');
        assert.equal(await secrets.getByArn(SCOPE, secretArn('empty').slice(0, -7)), undefined, 'a partial ARN is no ARN');
      }));

    it("refuses a taken name, also while its secret is scheduled for deletion, leaving the secret as it was", () =>
      withStore(open, async ({ secrets }) => {
        const secret = newSecret('taken', { description: 'first' });
        await secrets.create(SCOPE, secret, secretVersion(V1, ['AWSCURRENT']));
        assert.equal(await secrets.create(SCOPE, newSecret('taken', { description: 'second', arn: secretArn('taken', SCOPE, 'zzzzzz') })), 'exists');
        const patch = { deletedDate: T1, deletionDate: new Date(T1.getTime() + 7 * 86_400_000) };
        assert.equal(await secrets.change(SCOPE, 'taken', expecting('taken', 1), { patch }), 'written');
        assert.equal(await secrets.create(SCOPE, newSecret('taken', { arn: secretArn('taken', SCOPE, 'yyyyyy') })), 'exists');
        assert.deepEqual(await secrets.get(SCOPE, 'taken'), { ...created(secret), ...patch, revision: 2 });
        assert.deepEqual((await secrets.versions(SCOPE, 'taken')).map((v) => v.versionId), [V1]);
      }));

    it('lets exactly one of concurrent creates of one name win', () =>
      withStore(open, async ({ secrets }) => {
        const outcomes = await Promise.all(Array.from({ length: 6 }, (_, i) =>
          secrets.create(SCOPE, newSecret('race', { description: `d${i}`, arn: secretArn('race', SCOPE, `race0${i}`) }), secretVersion(versionIdFor(i), ['AWSCURRENT']))));
        assert.equal(outcomes.filter((o) => o === 'created').length, 1);
        const winner = outcomes.indexOf('created');
        assert.equal((await secrets.get(SCOPE, 'race'))?.description, `d${winner}`);
        assert.deepEqual((await secrets.versions(SCOPE, 'race')).map((v) => v.versionId), [versionIdFor(winner)]);
      }));

    it('keeps scopes apart: one name in three scopes is three secrets, and an ARN is found only in its own', () =>
      withStore(open, async ({ secrets }) => {
        for (const [scope, description] of [[SCOPE, 'home'], [OTHER_REGION, 'region'], [OTHER_ACCOUNT, 'account']] as const) {
          assert.equal(await secrets.create(scope, newSecret('shared', { description }, scope), secretVersion(V1, ['AWSCURRENT'])), 'created');
        }
        assert.equal((await secrets.get(OTHER_REGION, 'shared'))?.description, 'region');
        assert.equal((await secrets.getByArn(OTHER_ACCOUNT, secretArn('shared', OTHER_ACCOUNT)))?.description, 'account');
        assert.equal(await secrets.getByArn(SCOPE, secretArn('shared', OTHER_ACCOUNT)), undefined);
        assert.equal(await secrets.getByArn(OTHER_REGION, secretArn('shared')), undefined);
        assert.equal(await secrets.delete(OTHER_REGION, 'shared', { arn: secretArn('shared', OTHER_REGION) }), true);
        assert.equal((await secrets.read(SCOPE, 'shared', { versionId: V1 }))?.version?.versionId, V1);
      }));

    it('reads a version by id, by stage or by both, and no version when they disagree or match nothing', () =>
      withStore(open, async ({ secrets }) => {
        const v1 = secretVersion(V1, ['AWSPREVIOUS']);
        const v2 = secretVersion(V2, ['AWSCURRENT', 'blue'], { createdDate: T1 });
        await secrets.create(SCOPE, newSecret('two'), v1);
        assert.equal(await secrets.change(SCOPE, 'two', expecting('two', 1), { addVersion: v2 }), 'written');
        const version = async (selector: { versionId?: string; stage?: string }) => (await secrets.read(SCOPE, 'two', selector))?.version;
        assert.deepEqual(await version({ versionId: V1 }), v1);
        assert.deepEqual(await version({ stage: 'AWSCURRENT' }), v2);
        assert.deepEqual(await version({ stage: 'blue' }), v2);
        assert.deepEqual(await version({ versionId: V2, stage: 'AWSCURRENT' }), v2);
        assert.deepEqual(await version({ versionId: V1, stage: 'AWSPREVIOUS' }), v1);
        assert.equal(await version({ versionId: V1, stage: 'AWSCURRENT' }), undefined, 'disagreeing');
        assert.equal(await version({ versionId: versionIdFor(9) }), undefined);
        assert.equal(await version({ stage: 'AWSPENDING' }), undefined);
        assert.equal(await version({ stage: 'awscurrent' }), undefined, 'stages are case-sensitive');
        assert.equal(await version({}), undefined, 'neither');
        assert.equal((await secrets.read(SCOPE, 'two', { versionId: V1, stage: 'AWSCURRENT' }))?.secret.name, 'two');
        assert.deepEqual((await secrets.versions(SCOPE, 'two')).map((v) => v.versionId), [V1, V2], 'oldest first');
      }));

    it('lists versions by creation date, then id', () =>
      withStore(open, async ({ secrets }) => {
        await secrets.create(SCOPE, newSecret('aged'), secretVersion(versionIdFor(5), [], { createdDate: T1 }));
        const later = new Date(T1.getTime() + 1);
        for (const [n, at] of [[3, later], [1, T0], [4, T1], [2, later]] as const) {
          assert.equal(await secrets.change(SCOPE, 'aged', await expectationOf(secrets, 'aged'), { addVersion: secretVersion(versionIdFor(n), [], { createdDate: at }) }), 'written');
        }
        assert.deepEqual((await secrets.versions(SCOPE, 'aged')).map((v) => v.versionId), [1, 4, 5, 2, 3].map(versionIdFor));
      }));

    it('keeps tags in the order first given, a repeated key in its first place with its last value', () =>
      withStore(open, async ({ secrets }) => {
        const tags: SecretTag[] = [{ key: 'b', value: '1' }, { key: 'a', value: '2' }, { key: 'B', value: '3' }, { key: 'b', value: '4' }];
        await secrets.create(SCOPE, newSecret('tagged', { tags }));
        assert.deepEqual((await secrets.get(SCOPE, 'tagged'))?.tags, [{ key: 'b', value: '4' }, { key: 'a', value: '2' }, { key: 'B', value: '3' }]);
        const next = [{ key: 'z', value: '' }, { key: 'a', value: 'x' }];
        assert.equal(await secrets.change(SCOPE, 'tagged', expecting('tagged', 1), { patch: { tags: next } }), 'written');
        assert.deepEqual((await secrets.get(SCOPE, 'tagged'))?.tags, next);
      }));

    it('reads back any character a client may put in free text, U+0000 included, and finds versions and stages by them', () =>
      withStore(open, async ({ secrets }) => {
        const odd = newSecret('odd', {
          description: ODD, kmsKeyId: `alias/${ODD}`, tags: [{ key: ODD, value: ODD }, { key: '\u0000', value: '' }],
          rotation: { ...newSecret('x').rotation, enabled: true, lambdaArn: ODD, nextRotationDate: T1 },
        });
        const versionId = `${ODD}${'-'.repeat(32)}`;
        const version = secretVersion(versionId, [ODD, '\u0000', 'AWSCURRENT']);
        assert.equal(await secrets.create(SCOPE, odd, version), 'created');
        const sorted = { ...version, stages: ['\u0000', 'AWSCURRENT', ODD] };
        assert.deepEqual(await secrets.read(SCOPE, 'odd', { stage: ODD }), { secret: created(odd), version: sorted });
        assert.deepEqual((await secrets.read(SCOPE, 'odd', { versionId, stage: '\u0000' }))?.version, sorted);
        assert.equal((await secrets.read(SCOPE, 'odd', { stage: 'a' }))?.version, undefined, 'no prefix of a stage matches');
        assert.deepEqual(await secrets.getByArn(SCOPE, odd.arn), created(odd));
        assert.equal(await secrets.change(SCOPE, 'odd', expecting('odd', 1), { patch: { description: `${ODD}!` }, stages: [{ versionId, stages: [ODD] }] }), 'written');
        assert.equal((await secrets.get(SCOPE, 'odd'))?.description, `${ODD}!`);
        assert.deepEqual((await secrets.versions(SCOPE, 'odd'))[0]?.stages, [ODD]);
      }));

    it('finds nothing by a name or ARN no secret can have (U+0000), on every method', () =>
      withStore(open, async ({ secrets }) => {
        await secrets.create(SCOPE, newSecret('plain'), secretVersion(V1, ['AWSCURRENT']));
        for (const name of ['plain\u0000', '\u0000']) {
          assert.equal(await secrets.get(SCOPE, name), undefined);
          assert.equal(await secrets.getByArn(SCOPE, secretArn(name)), undefined);
          assert.equal(await secrets.read(SCOPE, name, { stage: 'AWSCURRENT' }), undefined);
          assert.deepEqual(await secrets.versions(SCOPE, name), []);
          assert.equal(await secrets.change(SCOPE, name, expecting(name, 1), { patch: { description: 'x' } }), 'not-found');
          await secrets.touch(SCOPE, name, V1, T1);
          assert.equal(await secrets.delete(SCOPE, name, { arn: secretArn(name) }), false);
        }
        assert.deepEqual(await secrets.get(SCOPE, 'plain'), created(newSecret('plain')));
      }));
  });
}
