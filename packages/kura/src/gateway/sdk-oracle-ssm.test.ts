// The official SDK v3 client as the oracle: requests it serializes go through the real model
// decoding into these handlers, and it must parse every answer (outputs and errors) as AWS's own.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
  DescribeParametersCommand,
  GetParameterHistoryCommand,
  InvalidNextToken,
  ListTagsForResourceCommand,
  InvalidResourceId,
} from '@aws-sdk/client-ssm';
import { sdkHandler } from './testing/sdk-handler.js';
import { createTestHarness, type TestHarness } from '../services/ssm/testing/context.js';

let h: TestHarness;
let client: SSMClient;

beforeEach(() => {
  h = createTestHarness();
  client = new SSMClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    maxAttempts: 1,
    requestHandler: sdkHandler('ssm', () => h.ctx),
  });
});
afterEach(async () => {
  client.destroy();
  await h.close();
});

describe('SSM through the SDK v3 client', () => {
  it('round-trips a SecureString with dates and versions the SDK parses', async () => {
    const put = await client.send(new PutParameterCommand({ Name: '/app/db', Value: 'pw', Type: 'SecureString' }));
    assert.equal(put.Version, 1);
    assert.equal(put.Tier, 'Standard');
    const got = await client.send(new GetParameterCommand({ Name: '/app/db', WithDecryption: true }));
    assert.equal(got.Parameter?.Value, 'pw');
    assert.ok(got.Parameter?.LastModifiedDate instanceof Date);
    assert.equal(got.Parameter?.LastModifiedDate?.toISOString(), '2024-05-01T12:00:00.000Z');
  });

  it('surfaces an unknown parameter as the modeled ParameterNotFound', async () => {
    await assert.rejects(client.send(new GetParameterCommand({ Name: 'missing' })), ParameterNotFound);
  });

  it('keeps both GetParameters lists', async () => {
    const out = await client.send(new GetParametersCommand({ Names: ['nope'] }));
    assert.deepEqual(out.Parameters, []);
    assert.deepEqual(out.InvalidParameters, ['nope']);
  });

  it('paginates by path to the end', async () => {
    for (let i = 0; i < 12; i += 1) await client.send(new PutParameterCommand({ Name: `/p/${i}`, Value: 'v', Type: 'String' }));
    const first = await client.send(new GetParametersByPathCommand({ Path: '/p' }));
    assert.equal(first.Parameters?.length, 10);
    const second = await client.send(new GetParametersByPathCommand({ Path: '/p', NextToken: first.NextToken }));
    assert.equal(second.Parameters?.length, 2);
    assert.equal(second.NextToken, undefined);
    await assert.rejects(client.send(new GetParametersByPathCommand({ Path: '/p', NextToken: 'forged' })), (e: unknown) => {
      assert.ok(e instanceof InvalidNextToken);
      assert.equal(e.message, "The specified token isn't valid.");
      return true;
    });
  });

  it('parses metadata, history and tags', async () => {
    await client.send(
      new PutParameterCommand({ Name: 'm', Value: 'v', Type: 'String', Description: 'd', Tags: [{ Key: 'k', Value: 'v' }] }),
    );
    const meta = await client.send(new DescribeParametersCommand({}));
    assert.deepEqual(meta.Parameters?.[0]?.Policies, []);
    assert.equal(meta.Parameters?.[0]?.Description, 'd');
    const history = await client.send(new GetParameterHistoryCommand({ Name: 'm' }));
    assert.deepEqual(history.Parameters?.[0]?.Labels, []);
    const tags = await client.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: 'm' }));
    assert.deepEqual(tags.TagList, [{ Key: 'k', Value: 'v' }]);
    await assert.rejects(client.send(new ListTagsForResourceCommand({ ResourceType: 'Parameter', ResourceId: 'x' })), InvalidResourceId);
  });
});
