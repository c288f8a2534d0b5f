// The official SDK v3 CloudTrail client as the oracle: it names the operation by its Smithy shape
// (X-Amz-Target CloudTrail_20131101.LookupEvents, where botocore sends the model's full prefix),
// and must parse LookupEvents' answer (dates, resources, the record as text) and its modeled errors
// as it parses AWS's.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CloudTrailClient, InvalidLookupAttributesException, InvalidTimeRangeException, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { allowAll } from '../services/iam/testing/access.js';
import { createKmsDomain } from '../services/kms/domain.js';
import { memoryLookup } from '../services/cloudtrail/testing/memory-lookup.js';
import { ACCOUNT, createTestBase } from '../services/testing/kit.js';
import { sdkHandler } from './testing/sdk-handler.js';

const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const { ctx, store } = createTestBase({
  principal: { arn: `arn:aws:iam::${ACCOUNT}:user/admin`, accountId: ACCOUNT, userId: 'AIDAADMIN', accessKeyId: 'AKIAADMIN0000000', kind: 'user' },
  access: allowAll(),
  kms: ({ store: s, keyring, now }) => createKmsDomain({ keys: s.keys, keyring, now }),
});
ctx.auditLookup = memoryLookup([
  {
    eventTime: '2026-03-01T10:00:00Z',
    eventID: 'ev-1',
    eventName: 'Decrypt',
    eventSource: 'kms.amazonaws.com',
    readOnly: true,
    userIdentity: { type: 'IAMUser', userName: 'admin', accessKeyId: 'AKIAADMIN0000000' },
    additionalEventData: { replica: 'r', authorization: [{ action: 'kms:Decrypt', resources: [KEY_ARN], decision: 'Allow' }] },
  },
]);
const client = new CloudTrailClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  maxAttempts: 1,
  requestHandler: sdkHandler('cloudtrail', () => ctx, { authorize: true }),
});
after(async () => {
  client.destroy();
  await store.close();
});

describe('CloudTrail LookupEvents through the SDK v3 client', () => {
  it('parses the events: the time as a Date, resources, the record as JSON text', async () => {
    const out = await client.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'ResourceType', AttributeValue: 'AWS::KMS::Key' }] }));
    const [event] = out.Events ?? [];
    assert.deepEqual(event?.EventTime, new Date('2026-03-01T10:00:00Z'));
    assert.deepEqual([event?.EventId, event?.EventName, event?.ReadOnly, event?.Username, event?.AccessKeyId], ['ev-1', 'Decrypt', 'true', 'admin', 'AKIAADMIN0000000']);
    assert.deepEqual(event?.Resources, [{ ResourceType: 'AWS::KMS::Key', ResourceName: KEY_ARN }]);
    assert.equal((JSON.parse(event?.CloudTrailEvent ?? '{}') as { eventID?: string }).eventID, 'ev-1');
    assert.equal(out.NextToken, undefined);
  });

  it('raises the modeled exceptions with their messages', async () => {
    const two = [
      { AttributeKey: 'EventName' as const, AttributeValue: 'Decrypt' },
      { AttributeKey: 'Username' as const, AttributeValue: 'admin' },
    ];
    await assert.rejects(client.send(new LookupEventsCommand({ LookupAttributes: two })), (error: Error) => {
      assert.ok(error instanceof InvalidLookupAttributesException);
      assert.equal(error.message, 'You can specify only one lookup attribute.');
      return true;
    });
    await assert.rejects(client.send(new LookupEventsCommand({ StartTime: new Date(2026, 1, 2), EndTime: new Date(2026, 1, 1) })), InvalidTimeRangeException);
  });
});
