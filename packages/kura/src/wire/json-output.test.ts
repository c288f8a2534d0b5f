import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { decodeJsonInput } from './json-input.js';
import { encodeJsonOutput } from './json-output.js';
import { loopbackClientConfig, loopbackHandler } from './testing/sdk-loopback.js';
import type { ServiceModel } from './model.js';
import { kmsModel, ssmModel } from './testing/models.js';

/** An SDK v3 client whose requests go through decodeJsonInput → handler → encodeJsonOutput. */
function loopback(model: ServiceModel, handler: (operation: string, input: Record<string, unknown>) => unknown) {
  return loopbackHandler((request) => {
    const operation = (request.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    const input = decodeJsonInput(model, operation, JSON.parse(request.body) as unknown);
    const body = JSON.stringify(encodeJsonOutput(model, operation, handler(operation, input)));
    return { status: 200, contentType: 'application/x-amz-json-1.1', body };
  });
}

describe('encodeJsonOutput', () => {
  it('writes Dates as epoch seconds with milliseconds and Buffers as base64', () => {
    const out = encodeJsonOutput(ssmModel, 'GetParameter', {
      Parameter: { Name: '/a', Value: 'v', Version: 3, LastModifiedDate: new Date('2018-06-26T13:12:41.888Z') },
    });
    assert.deepEqual(out, { Parameter: { Name: '/a', Value: 'v', Version: 3, LastModifiedDate: 1530018761.888 } });
    assert.deepEqual(encodeJsonOutput(kmsModel, 'Encrypt', { CiphertextBlob: Buffer.from('hi'), KeyId: 'k' }), {
      CiphertextBlob: 'aGk=',
      KeyId: 'k',
    });
  });

  it('drops undefined members and anything the model does not declare', () => {
    const out = encodeJsonOutput(kmsModel, 'Encrypt', { KeyId: 'k', CiphertextBlob: undefined, internalKeyRow: { secret: 1 } });
    assert.deepEqual(out, { KeyId: 'k' });
  });

  it('keeps lists and maps, including empty ones', () => {
    const out = encodeJsonOutput(ssmModel, 'GetParameters', { Parameters: [], InvalidParameters: ['/x', '/y'] });
    assert.deepEqual(out, { Parameters: [], InvalidParameters: ['/x', '/y'] });
    const execution = encodeJsonOutput(ssmModel, 'GetAutomationExecution', {
      AutomationExecution: { AutomationExecutionId: 'id', Parameters: { Region: ['eu-west-1'], Empty: [] } },
    });
    assert.deepEqual(execution, { AutomationExecution: { AutomationExecutionId: 'id', Parameters: { Region: ['eu-west-1'], Empty: [] } } });
  });

  it('answers {} for an operation without output and for an unknown operation', () => {
    assert.deepEqual(encodeJsonOutput(kmsModel, 'DeleteAlias', { anything: 1 }), {});
    assert.deepEqual(encodeJsonOutput(kmsModel, 'NoSuchOperation', { anything: 1 }), {});
  });
});

describe('JSON codec with the official SDK v3 client as the oracle', () => {
  it('round-trips GetParameters: the SDK reads our dates as Dates', async () => {
    const modified = new Date('2024-02-03T04:05:06.789Z');
    const client = new SSMClient({
      ...loopbackClientConfig,
      requestHandler: loopback(ssmModel, (operation, input) => {
        assert.equal(operation, 'GetParameters');
        assert.deepEqual(input, { Names: ['/app/a', '/app/b'], WithDecryption: true });
        return {
          Parameters: [{ Name: '/app/a', Type: 'SecureString', Value: 's', Version: 2, LastModifiedDate: modified, DataType: 'text' }],
          InvalidParameters: ['/app/b'],
        };
      }),
    });
    const out = await client.send(new GetParametersCommand({ Names: ['/app/a', '/app/b'], WithDecryption: true }));
    assert.equal(out.Parameters?.[0]?.LastModifiedDate?.toISOString(), modified.toISOString());
    assert.equal(out.Parameters?.[0]?.Version, 2);
    assert.deepEqual(out.InvalidParameters, ['/app/b']);
  });

  it('round-trips Decrypt: blobs travel as base64 both ways', async () => {
    const ciphertext = Buffer.from([0, 1, 2, 250, 251, 252]);
    const client = new KMSClient({
      ...loopbackClientConfig,
      requestHandler: loopback(kmsModel, (_operation, input) => {
        assert.deepEqual(input.CiphertextBlob, ciphertext);
        assert.deepEqual(input.EncryptionContext, { app: 'web' });
        return { KeyId: 'arn:aws:kms:us-east-1:111122223333:key/k', Plaintext: Buffer.from('secret'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' };
      }),
    });
    const out = await client.send(new DecryptCommand({ CiphertextBlob: ciphertext, EncryptionContext: { app: 'web' } }));
    assert.equal(Buffer.from(out.Plaintext ?? []).toString(), 'secret');
  });
});
