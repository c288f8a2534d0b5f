// One mandatory verification choke point. For every operation of every service the
// gateway routes, requests without a valid signature are refused before any handler runs, and
// every request, refused or not, leaves exactly one audit event.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OperationHandler } from '../services/context.js';
import { sdkPresigned, sdkSigned, withHeader } from '../sigv4/testing/kit.js';
import { operationNames } from '../wire/model.js';
import type { AuditEvent } from './audit.js';
import { builtInServices } from './services.js';
import { stubGateway } from './testing/stub-gateway.js';
import type { GatewayRequest, ServiceEntry } from './types.js';


/** The error code of a JSON (`__type`) or Query (`<Code>`) error body. */
function errorCode(body: string): string {
  if (body.startsWith('<')) return /<Code>([^<]*)<\/Code>/.exec(body)?.[1] ?? '';
  return (JSON.parse(body) as { __type: string }).__type;
}

function spiedGateway() {
  const calls: string[] = [];
  const events: AuditEvent[] = [];
  const services: ServiceEntry[] = builtInServices.map((entry) => ({
    ...entry,
    authorize: async () => undefined,
    operations: Object.fromEntries(
      operationNames(entry.model).map((name): [string, OperationHandler] => [
        name,
        async () => {
          calls.push(`${entry.targetPrefix}.${name}`);
          return {};
        },
      ]),
    ),
  }));
  // Authorization is not under test here: authentication is. Every check allows.
  const { gateway, store } = stubGateway(services, {
    audit: { write: async (event) => void events.push(event), ready: async () => undefined },
    onUnexpectedError: (_id, error) => assert.fail(String(error)),
  });
  return { gateway, calls, events, services, store };
}

const asGateway = (r: { method: string; rawUrl: string; rawHeaders: readonly string[]; body: Buffer }): GatewayRequest => ({ ...r, remoteAddress: '127.0.0.1' });

describe('the gateway verifies every request before any operation runs', () => {
  test('every routed operation refuses missing, garbage, presigned-garbage, doubled and malformed authentication', async () => {
    const { gateway, calls, events, services, store } = spiedGateway();
    let checked = 0;
    let reached = 0;
    for (const entry of services) {
      for (const name of operationNames(entry.model)) {
        const json = entry.model.metadata.protocol === 'json';
        const target = json ? `${entry.targetPrefix}.${name}` : `${entry.signingName}:${name}`;
        const headers: Record<string, string> = json
          ? { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target }
          : { 'content-type': 'application/x-www-form-urlencoded' };
        const body = json ? '{}' : `Action=${name}&Version=${entry.model.metadata.apiVersion}`;
        const valid = await sdkSigned({ headers, body, service: entry.signingName });
        const unsigned = { ...valid, rawHeaders: ['host', 'localhost:4566', ...Object.entries(headers).flat()] };
        const garbage = {
          ...valid,
          rawHeaders: valid.rawHeaders.map((v, i, all) => (all[i - 1]?.toLowerCase() === 'authorization' ? v.replace(/Signature=[0-9a-f]+/, `Signature=${'0'.repeat(64)}`) : v)),
        };
        const presigned = await sdkPresigned({ headers, service: entry.signingName });
        const presignedGarbage = { ...presigned, method: 'POST', rawUrl: presigned.rawUrl.replace(/X-Amz-Signature=[0-9a-f]+/, `X-Amz-Signature=${'f'.repeat(64)}`) };
        const both = { ...presigned, method: 'POST', rawHeaders: valid.rawHeaders };
        const malformed = withHeader(unsigned, 'Authorization', 'AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=');
        const cases = { unsigned, garbage, presignedGarbage, both, malformed };
        for (const [label, request] of Object.entries(cases)) {
          const before = events.length;
          const { response, record } = await gateway(asGateway(request));
          const code = errorCode(response.body);
          assert.equal(events.length, before + 1, `${target} ${label}: one audit event`);
          const event = events.at(-1);
          assert.equal(event?.requestID, record.requestId);
          assert.equal(event?.errorCode, code);
          assert.equal(event?.userIdentity.type, 'Unknown', `${target} ${label}: no identity was proved`);
          assert.equal(event?.sourceIPAddress, '127.0.0.1');
          assert.ok(response.status === 400 || response.status === 403, `${target} ${label}: ${response.status}`);
          assert.match(
            code,
            /^(MissingAuthenticationToken(Exception)?|InvalidSignatureException|IncompleteSignature(Exception)?|SignatureDoesNotMatch)$/,
            `${target} ${label}: ${response.body}`,
          );
          checked += 1;
        }
        // The same request, correctly signed, passes authentication (it may still fail input
        // validation, since `{}` lacks required members): the refusals above are not vacuous.
        const { response } = await gateway(asGateway(valid));
        assert.equal(events.at(-1)?.userIdentity.arn, 'arn:aws:iam::123456789012:user/admin');
        assert.equal(events.at(-1)?.eventName, name);
        if (response.status === 200) reached += 1;
        else assert.match(errorCode(response.body), /^Validation(Exception|Error)$/, `${target} valid: ${response.body}`);
      }
    }
    const total = services.reduce((n, s) => n + operationNames(s.model).length, 0);
    assert.equal(checked, total * 5);
    assert.equal(events.length, total * 6, 'one audit event per request');
    assert.ok(reached > 10);
    assert.equal(calls.length, reached, 'only the correctly signed requests ran');
    await store.close();
  });
});
