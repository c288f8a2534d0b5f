// A store that cannot serve (its PostgreSQL unreachable, restarting or too slow) is a temporary
// failure of the server, not a defect: the client gets AWS's common 503 ServiceUnavailable, which
// every SDK and the AWS CLI retry, in its service's protocol, and never the cause.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sdkSigned } from '../sigv4/testing/kit.js';
import { StoreUnavailableError } from '../store/unavailable.js';
import type { AuditEvent, AuditTrail } from './audit.js';
import { builtInServices } from './services.js';
import { stubGateway } from './testing/stub-gateway.js';
import type { ServiceEntry } from './types.js';

const REASON = 'connect ECONNREFUSED 10.0.0.7:5432';
const unavailable = () => new StoreUnavailableError(REASON);

function entry(signingName: string, operations: ServiceEntry['operations']): ServiceEntry {
  const found = builtInServices.find((s) => s.signingName === signingName);
  if (!found) throw new Error(`no service ${signingName}`);
  return { ...found, operations };
}

function gatewayWith(services: ServiceEntry[], audit?: Partial<AuditTrail>) {
  const written: AuditEvent[] = [];
  const errors: unknown[] = [];
  const trail: AuditTrail = { write: async (event) => void written.push(event), ready: async () => undefined, ...audit };
  const { gateway, store } = stubGateway(services, { audit: trail, onUnexpectedError: (_id, error) => void errors.push(error) });
  return { gateway, store, written, errors };
}

const ssmRequest = async (operation: string, body: object) => ({
  ...(await sdkSigned({ headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AmazonSSM.${operation}` }, body: JSON.stringify(body) })),
  remoteAddress: '127.0.0.1',
});

describe('a store that cannot serve', () => {
  test('AWS JSON (SSM): 503 ServiceUnavailable with AWS’s words, the cause only in the server’s log', async () => {
    const { gateway, store, written, errors } = gatewayWith([
      entry('ssm', {
        GetParameter: async () => {
          throw unavailable();
        },
      }),
    ]);
    const { response, record } = await gateway(await ssmRequest('GetParameter', { Name: '/p' }));
    assert.equal(response.status, 503);
    assert.deepEqual(JSON.parse(response.body), { __type: 'ServiceUnavailable', message: 'The request has failed due to a temporary failure of the server.' });
    assert.ok(!response.body.includes('10.0.0.7'));
    assert.equal(record.errorCode, 'ServiceUnavailable');
    assert.equal(written[0]?.errorCode, 'ServiceUnavailable', 'the audit event records the refusal');
    assert.ok(errors[0] instanceof StoreUnavailableError, 'the server is told the cause');
    await store.close();
  });

  test('AWS Query (IAM): the same error as XML in IAM’s namespace, a Receiver fault', async () => {
    const { gateway, store } = gatewayWith([
      entry('iam', {
        GetUser: async () => {
          throw unavailable();
        },
      }),
    ]);
    const body = 'Action=GetUser&Version=2010-05-08';
    const request = {
      ...(await sdkSigned({ service: 'iam', region: 'us-east-1', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body })),
      remoteAddress: '127.0.0.1',
    };
    const { response } = await gateway(request);
    assert.equal(response.status, 503);
    assert.match(response.body, /<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/">/);
    assert.match(response.body, /<Type>Receiver<\/Type>\s*<Code>ServiceUnavailable<\/Code>\s*<Message>The request has failed due to a temporary failure of the server\.<\/Message>/);
    assert.ok(!response.body.includes('10.0.0.7'));
    await store.close();
  });

  test('an audit event the store cannot take: 503 as well, and nothing the operation produced', async () => {
    const { gateway, store } = gatewayWith(
      [entry('ssm', { GetParameter: async () => ({ Parameter: { Name: '/p', Type: 'String', Value: 'produced-value', Version: 1 } }) })],
      {
        write: async () => {
          throw unavailable();
        },
      },
    );
    const { response } = await gateway(await ssmRequest('GetParameter', { Name: '/p' }));
    assert.equal(response.status, 503);
    assert.equal(JSON.parse(response.body).__type, 'ServiceUnavailable');
    assert.ok(!response.body.includes('produced-value'));
    await store.close();
  });

  test('any other failure stays a 500 InternalFailure', async () => {
    const { gateway, store } = gatewayWith([
      entry('ssm', {
        GetParameter: async () => {
          throw new Error('relation "parameters" does not exist');
        },
      }),
    ]);
    const { response } = await gateway(await ssmRequest('GetParameter', { Name: '/p' }));
    assert.equal(response.status, 500);
    assert.equal(JSON.parse(response.body).__type, 'InternalFailure');
    await store.close();
  });
});
