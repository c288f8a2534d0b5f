import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Api } from '../../app/api.js';
import { describeRules, listSecrets, requestToken, secretValueProblem } from './sm.js';
import { versionChoices } from './value.js';
import { sortedStages } from './versions.js';

describe('listing secrets', () => {
  test('pages on through short filtered pages until it has enough, and passes the filter', async () => {
    const inputs: Array<Record<string, unknown>> = [];
    const pages = [{ SecretList: [], NextToken: 't1' }, { SecretList: [{ Name: 'a', ARN: 'arn:a' }], NextToken: 't2' }, { SecretList: [{ Name: 'b', ARN: 'arn:b' }], NextToken: 't3' }];
    const api = {
      json: async (_service: string, _operation: string, input: Record<string, unknown>) => {
        inputs.push(input);
        return pages[inputs.length - 1];
      },
    } as unknown as Api;
    const batch = await listSecrets(api, { filter: 'name', value: 'a', includeDeleted: true }, undefined, undefined, 2);
    assert.deepEqual(batch.secrets.map((s) => s.Name), ['a', 'b']);
    assert.equal(batch.nextToken, 't3');
    assert.deepEqual(inputs[0], { MaxResults: 100, Filters: [{ Key: 'name', Values: ['a'] }], IncludePlannedDeletion: true });
    assert.equal(inputs[2]?.['NextToken'], 't2');
  });
});

describe('versions', () => {
  const versions = [
    { VersionId: 'old-0000-deprecated', CreatedDate: 1 },
    { VersionId: 'prev-0000', VersionStages: ['AWSPREVIOUS'], CreatedDate: 2 },
    { VersionId: 'curr-0000', VersionStages: ['blue', 'AWSCURRENT', 'AWSPENDING'], CreatedDate: 3 },
  ];

  test('staging labels: AWSCURRENT, AWSPENDING, AWSPREVIOUS, then custom ones', () => {
    assert.deepEqual(sortedStages(['b', 'AWSPREVIOUS', 'a', 'AWSCURRENT']), ['AWSCURRENT', 'AWSPREVIOUS', 'a', 'b']);
  });

  test('what the reveal offers: every label, then every version newest first', () => {
    const { stages, ids } = versionChoices(versions);
    assert.deepEqual(stages.map((c) => [c.value, c.versionId]), [
      ['stage:AWSCURRENT', 'curr-0000'],
      ['stage:AWSPREVIOUS', 'prev-0000'],
      ['stage:AWSPENDING', 'curr-0000'],
      ['stage:blue', 'curr-0000'],
    ]);
    assert.equal(stages[0]?.label, 'AWSCURRENT (version curr-000…)');
    assert.deepEqual(ids.map((c) => c.label), ['curr-0000', 'prev-0000', 'old-0000-deprecated (deprecated)']);
    assert.equal(ids[2]?.what, 'the value of version old-0000-deprecated');
  });
});

describe('small rules', () => {
  test('a request token is a version 4 UUID, fresh each time', () => {
    const a = requestToken();
    assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(a, requestToken());
  });

  test('rotation rules in words', () => {
    assert.equal(describeRules(undefined), '—');
    assert.equal(describeRules({ AutomaticallyAfterDays: 30 }), 'every 30 days');
    assert.equal(describeRules({ ScheduleExpression: 'cron(0 4 ? * MON *)', Duration: '3h' }), 'cron(0 4 ? * MON *), within 3h');
  });

  test('a new value: not empty, at most 65,536 characters', () => {
    assert.equal(secretValueProblem(''), 'Enter the new value.');
    assert.equal(secretValueProblem('x'.repeat(65536)), undefined);
    assert.equal(secretValueProblem('x'.repeat(65537)), 'A secret value is at most 65,536 characters; this one has 65,537.');
  });
});
