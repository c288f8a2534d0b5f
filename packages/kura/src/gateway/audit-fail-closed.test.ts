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
      write: async (event) => {
        written.push(event);
        throw new Error('the audit log cannot be written: ENOSPC');
      },
      ready: async () => undefined,
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
      write: async (event) => void written.push(event),
      ready: async () => {
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

describe('an audit log that takes its time (a database commit)', () => {
  test('the response waits for the event to be written, and no operation runs before the log is ready', async () => {
    const steps: string[] = [];
    let written: () => void = () => assert.fail('no write yet');
    let readied: () => void = () => assert.fail('no readiness check yet');
    const { gateway, ran, store } = gatewayWith({
      write: (event) => {
        steps.push(`write ${event.eventName} ${event.additionalEventData.replica}`);
        return new Promise((resolve) => (written = resolve));
      },
      ready: () => {
        steps.push('ready');
        return new Promise((resolve) => (readied = resolve));
      },
    });
    let answered = false;
    const answer = gateway(await getParameter()).then((handled) => {
      answered = true;
      return handled;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(steps, ['ready']);
    assert.deepEqual(ran, [], 'the operation waits for the log');
    readied();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(ran, ['GetParameter']);
    assert.deepEqual(steps, ['ready', 'write GetParameter stub-replica']);
    assert.equal(answered, false, 'no answer before the event is written');
    written();
    const { response } = await answer;
    assert.equal(response.status, 200);
    assert.ok(response.body.includes(PLAINTEXT));
    await store.close();
  });

  test('a write that fails later fails the request as one that fails at once', async () => {
    const { gateway, errors, store } = gatewayWith({
      write: () => new Promise((_resolve, reject) => setImmediate(() => reject(new Error('the audit log cannot be written: connection refused')))),
      ready: async () => undefined,
    });
    const { response, record } = await gateway(await getParameter());
    assert.equal(response.status, 500);
    assert.ok(!response.body.includes(PLAINTEXT));
    assert.equal(record.errorCode, 'InternalFailure');
    assert.match(String(errors[0]), /connection refused/);
    await store.close();
  });
});
