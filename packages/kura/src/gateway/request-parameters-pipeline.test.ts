// requestParameters through the pipeline: the event records the input the operation ran with
// (normalised, its secrets hidden), whatever the operation then answered; a request refused before
// its input was decoded records null.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sdkSigned } from '../sigv4/testing/kit.js';
import { ServiceError } from '../wire/errors.js';
import type { AuditEvent } from './audit.js';
import { HIDDEN } from './request-parameters.js';
import { builtInServices } from './services.js';
import { stubGateway } from './testing/stub-gateway.js';
import type { ServiceEntry } from './types.js';

const CANARY = 'PIPELINE-CANARY-value-0b7e';

function gateway() {
  const written: AuditEvent[] = [];
  const seen: Record<string, unknown>[] = [];
  const ssm = builtInServices.find((s) => s.signingName === 'ssm') as ServiceEntry;
  const services: ServiceEntry[] = [
    {
      ...ssm,
      operations: {
        PutParameter: async (input) => {
          seen.push(input);
          if (input['Name'] === '/missing') throw new ServiceError('ParameterNotFound', '');
          return { Version: 1, Tier: 'Standard' };
        },
      },
    },
  ];
  const { gateway: handle, store } = stubGateway(services, {
    audit: { write: async (event) => void written.push(event), ready: async () => undefined },
    onUnexpectedError: (_id, error) => assert.fail(String(error)),
  });
  const send = async (body: string, sign = true) => {
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.PutParameter' };
    const signed = await sdkSigned({ headers, body });
    const request = sign ? signed : { ...signed, rawHeaders: Object.entries({ ...headers, host: 'localhost' }).flat() };
    const { response } = await handle({ ...request, remoteAddress: '127.0.0.1' });
    const event = written.at(-1) ?? assert.fail('no event');
    return { status: response.status, event, line: JSON.stringify(event) };
  };
  return { send, seen, close: () => store.close() };
}

describe('the pipeline records requestParameters', () => {
  test('the input the operation ran with: normalised, the value hidden', async () => {
    const { send, seen, close } = gateway();
    const { status, event, line } = await send(JSON.stringify({ Name: '  /app/db  ', Type: 'SecureString', Value: CANARY, Overwrite: true }));
    assert.equal(status, 200);
    assert.equal(seen[0]?.['Name'], '/app/db');
    assert.deepEqual(event.requestParameters, { name: '/app/db', value: HIDDEN, type: 'SecureString', overwrite: true });
    assert.ok(!line.includes(CANARY));
    await close();
  });

  test('an operation that fails after its input was decoded: the parameters are still recorded', async () => {
    const { send, close } = gateway();
    const { status, event } = await send(JSON.stringify({ Name: '/missing', Type: 'String', Value: CANARY }));
    assert.equal(status, 400);
    assert.equal(event.errorCode, 'ParameterNotFound');
    assert.deepEqual(event.requestParameters, { name: '/missing', value: HIDDEN, type: 'String' });
    await close();
  });

  test('refused before the input was decoded (malformed JSON, an invalid input, no signature): null', async () => {
    const { send, seen, close } = gateway();
    const malformed = await send(`{"Name": "/p", "Value": "${CANARY}"`);
    assert.equal(malformed.event.errorCode, 'SerializationException');
    const invalid = await send(JSON.stringify({ Name: '/p', Value: CANARY, Type: 'Secret' }));
    assert.equal(invalid.event.errorCode, 'ValidationException');
    const unsigned = await send(JSON.stringify({ Name: '/p', Type: 'String', Value: CANARY }), false);
    assert.equal(unsigned.event.errorCode, 'MissingAuthenticationTokenException');
    for (const { event, line } of [malformed, invalid, unsigned]) {
      assert.equal(event.requestParameters, null);
      assert.ok(!line.includes(CANARY));
    }
    assert.equal(seen.length, 0);
    await close();
  });
});
