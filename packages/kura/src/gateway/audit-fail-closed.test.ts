// The gateway with an audit log that cannot be written: a request whose event is not on disk must
// not hand out what its operation produced, and while the log is failing no operation runs.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sdkSigned } from '../sigv4/testing/kit.js';
import type { AuditEvent, AuditTrail } from './audit.js';
import { builtInServices } from './services.js';
import { stubGateway } from './testing/stub-gateway.js';
import type { ServiceEntry } from './types.js';

const PLAINTEXT = 'fail-closed-canary-plaintext';

function gatewayWith(audit: AuditTrail) {
  const ran: string[] = [];
  const ssm = builtInServices.find((s) => s.signingName === 'ssm') as ServiceEntry;
  const services: ServiceEntry[] = [
    {
      ...ssm,
      operations: {
        GetParameter: async () => {
          ran.push('GetParameter');
          return { Parameter: { Name: '/p', Type: 'SecureString', Value: PLAINTEXT, Version: 1 } };
        },
      },
    },
  ];
  const errors: unknown[] = [];
  const { gateway, store } = stubGateway(services, { audit, onUnexpectedError: (_id, error) => void errors.push(error) });
  return { gateway, ran, errors, store };
}

const getParameter = async () => {
  const signed = await sdkSigned({ headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' }, body: '{"Name":"/p","WithDecryption":true}' });
  return { ...signed, remoteAddress: '127.0.0.1' };
};

describe('an audit log that cannot be written', () => {
  test('the request answers 500, never what the operation produced', async () => {
    const written: AuditEvent[] = [];
    const { gateway, ran, errors, store } = gatewayWith({
      write: (event) => {
        written.push(event);
        throw new Error('the audit log cannot be written: ENOSPC');
      },
      ready: () => undefined,
    });
    const { response, record } = await gateway(await getParameter());
    assert.deepEqual(ran, ['GetParameter'], 'the operation ran before the write failed');
    assert.equal(response.status, 500);
    assert.equal(JSON.parse(response.body).__type, 'InternalFailure');
    assert.ok(!response.body.includes(PLAINTEXT));
    assert.equal(record.errorCode, 'InternalFailure');
    assert.equal(written.length, 1, 'one attempt, for the event of the request as it ran');
    assert.equal(written[0]?.eventName, 'GetParameter');
    assert.match(String(errors[0]), /ENOSPC/);
    await store.close();
  });

  test('while the log is failing, no operation runs', async () => {
    const written: AuditEvent[] = [];
    const { gateway, ran, store } = gatewayWith({
      write: (event) => void written.push(event),
      ready: () => {
        throw new Error('the audit log cannot be written: ENOSPC');
      },
    });
    const { response } = await gateway(await getParameter());
    assert.deepEqual(ran, []);
    assert.equal(response.status, 500);
    assert.ok(!response.body.includes(PLAINTEXT));
    assert.equal(written.length, 1, 'the refusal is itself an event');
    assert.equal(written[0]?.errorCode, 'InternalFailure');
    await store.close();
  });
});
