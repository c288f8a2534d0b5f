// What an SDK v3 client reads back for the requests SSM refuses before an operation runs (the
// model's constraints, checked by the gateway's decoding) and for the names it answers with. The
// official client serializes each request and parses each answer, as against AWS. Evidence for
// each expectation: src/services/ssm/GAPS.md.

import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import {
  GetParameterCommand,
  GetParameterHistoryCommand,
  GetParametersCommand,
  LabelParameterVersionCommand,
  ListTagsForResourceCommand,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
  type ParameterType,
  type ResourceTypeForTagging,
} from '@aws-sdk/client-ssm';
import { sdkHandler } from './testing/sdk-handler.js';
import { ACCOUNT, REGION, createTestHarness, type TestHarness } from '../services/ssm/testing/context.js';

let h: TestHarness;
let client: SSMClient;

beforeEach(() => {
  h = createTestHarness();
  client = new SSMClient({
    region: REGION,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    maxAttempts: 1,
    requestHandler: sdkHandler('ssm', () => h.ctx),
  });
});
afterEach(async () => {
  client.destroy();
  await h.close();
});

/** The error the client raises: its modeled name and message. */
async function refusal(sent: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await sent;
  } catch (error) {
    const { name, message } = error as Error;
    return { name, message };
  }
  assert.fail('expected the request to be refused');
}

const validation = (message: string) => ({ name: 'ValidationException', message });

describe('SSM validation messages on the wire', () => {
  it('ends a constraint message with a period', async () => {
    const names = Array.from({ length: 11 }, (_, i) => `/app/p${i}`);
    assert.deepEqual(
      await refusal(client.send(new GetParametersCommand({ Names: names }))),
      validation(
        `1 validation error detected: Value '[${names.join(', ')}]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10.`,
      ),
    );
    assert.deepEqual(
      await refusal(client.send(new GetParameterHistoryCommand({ Name: 'p', MaxResults: 51 }))),
      validation("1 validation error detected: Value '51' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 50."),
    );
    assert.deepEqual(
      await refusal(client.send(new PutParameterCommand({ Name: 'p', Type: 'String' } as never))),
      validation("1 validation error detected: Value null at 'value' failed to satisfy constraint: Member must not be null."),
    );
  });

  it('lists the parameter types as SSM does', async () => {
    assert.deepEqual(
      await refusal(client.send(new PutParameterCommand({ Name: 'p', Value: 'v', Type: 'str' as ParameterType }))),
      validation(
        "1 validation error detected: Value 'str' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String].",
      ),
    );
  });

  it('keeps the bare ending for the value length SSM checks itself, never echoing the value', async () => {
    assert.deepEqual(
      await refusal(client.send(new PutParameterCommand({ Name: 'p', Value: '', Type: 'SecureString' }))),
      validation("1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1"),
    );
  });

  it('refuses more than ten labels in one call as a constraint violation', async () => {
    await client.send(new PutParameterCommand({ Name: 'p', Value: 'v', Type: 'String' }));
    const labels = Array.from({ length: 11 }, (_, i) => `l${i}`);
    assert.deepEqual(
      await refusal(client.send(new LabelParameterVersionCommand({ Name: 'p', Labels: labels }))),
      validation(
        `1 validation error detected: Value '[${labels.join(', ')}]' at 'labels' failed to satisfy constraint: Member must have length less than or equal to 10.`,
      ),
    );
  });

  it('refuses a ResourceType outside the enum as a constraint violation, and an unsupported one as InvalidResourceType', async () => {
    assert.deepEqual(
      await refusal(client.send(new ListTagsForResourceCommand({ ResourceType: 'Parameters' as ResourceTypeForTagging, ResourceId: 'p' }))),
      validation(
        "1 validation error detected: Value 'Parameters' at 'resourceType' failed to satisfy constraint: Member must satisfy enum value set: " +
          '[Document, ManagedInstance, MaintenanceWindow, Parameter, PatchBaseline, OpsItem, OpsMetadata, Automation, Association].',
      ),
    );
    assert.equal((await refusal(client.send(new ListTagsForResourceCommand({ ResourceType: 'Document', ResourceId: 'p' })))).name, 'InvalidResourceType');
  });
});

describe('SSM names on the wire', () => {
  it('names a parameter read by ARN by its name', async () => {
    await client.send(new PutParameterCommand({ Name: '/foo/bar', Value: 'v', Type: 'String' }));
    const arn = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/foo/bar`;
    const got = await client.send(new GetParameterCommand({ Name: arn }));
    assert.equal(got.Parameter?.Name, '/foo/bar');
    assert.equal(got.Parameter?.ARN, arn);
  });

  it('answers an unknown parameter of GetParameterHistory with the modeled ParameterNotFound', async () => {
    await assert.rejects(client.send(new GetParameterHistoryCommand({ Name: 'missing' })), ParameterNotFound);
  });
});
