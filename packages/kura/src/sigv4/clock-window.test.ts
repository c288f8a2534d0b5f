// The clock window around now, the credential scope's date, and the lifetime of
// presigned URLs, each to the second and with AWS's messages.

import { describe, it } from 'node:test';
import { assertRefused, authenticate, headerValue, options, replaceHeader, sdkPresigned, sdkSigned, SIGNED_AT } from './testing/kit.js';
import type { ReceivedRequest } from './types.js';

const at = (seconds: number, from: Date = SIGNED_AT): Date => new Date(from.getTime() + seconds * 1000);

const jsonPost = (extra: Parameters<typeof sdkSigned>[0] = {}): Promise<ReceivedRequest> =>
  sdkSigned({ headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameter' }, body: '{"Name":"/a"}', ...extra });

const presignedGet = (extra: Parameters<typeof sdkPresigned>[0] = {}): Promise<ReceivedRequest> =>
  sdkPresigned({ service: 'sts', query: { Action: 'GetCallerIdentity', Version: '2011-06-15' }, ...extra });

describe('clock window and expiry', () => {
  it('accepts a request signed up to 299 seconds either side of now', async () => {
    const req = await jsonPost();
    authenticate(req, options('ssm', at(299)));
    authenticate(req, options('ssm', at(-299)));
    authenticate(req, options('ssm', at(300)));
  });

  it("refuses one signed 301 seconds ago or ahead, with AWS's messages", async () => {
    const req = await jsonPost();
    assertRefused(req, options('ssm', at(301)), {
      kind: 'signature',
      message: 'Signature expired: 20240309T235930Z is now earlier than 20240309T235931Z (20240310T000431Z - 5 min.)',
    });
    assertRefused(req, options('ssm', at(-301)), {
      kind: 'signature',
      message: 'Signature not yet current: 20240309T235930Z is still later than 20240309T235929Z (20240309T235429Z + 5 min.)',
    });
  });

  it('compares to the millisecond, reproducing the AWS message whose two times are equal', async () => {
    const signedAt = new Date('2020-06-05T19:06:17Z');
    const req = await jsonPost({ signedAt });
    assertRefused(req, { service: 'ssm', now: new Date('2020-06-05T19:11:17.250Z') }, {
      message: 'Signature expired: 20200605T190617Z is now earlier than 20200605T190617Z (20200605T191117Z - 5 min.)',
    });
  });

  it('widens the window when configured, naming it in minutes', async () => {
    const req = await jsonPost();
    authenticate(req, { service: 'ssm', now: at(899), clockSkewSeconds: 900 });
    assertRefused(req, { service: 'ssm', now: at(901), clockSkewSeconds: 900 }, { message: /\(20240310T001431Z - 15 min\.\)$/ });
  });

  it("refuses a credential scope dated another day than the request, with AWS's message", async () => {
    const req = await jsonPost({ signedAt: new Date('2024-03-10T00:00:10Z') });
    const auth = headerValue(req, 'authorization') as string;
    assertRefused(replaceHeader(req, 'authorization', auth.replace('/20240310/', '/20240309/')), options('ssm', new Date('2024-03-10T00:00:10Z')), {
      kind: 'signature',
      message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240309' != '20240310', from '20240310T000010Z'.",
    });
  });

  it('keeps a presigned URL valid until date + X-Amz-Expires, to the second', async () => {
    const short = await presignedGet({ expiresIn: 1 });
    authenticate(short, options('sts', at(0)));
    authenticate(short, options('sts', at(1)));
    assertRefused(short, options('sts', at(1.001)), { kind: 'signature', message: 'Request has expired' });

    const week = await presignedGet({ expiresIn: 604800 });
    authenticate(week, options('sts', at(604800)));
    assertRefused(week, options('sts', at(604801)), { kind: 'signature', message: 'Request has expired' });
  });

  it('refuses presigned X-Amz-Expires of 0 or 604801 before looking at the signature', async () => {
    const req = await presignedGet({ expiresIn: 900 });
    for (const expires of ['0', '604801']) {
      assertRefused({ ...req, rawUrl: req.rawUrl.replace('X-Amz-Expires=900', `X-Amz-Expires=${expires}`) }, options('sts'), { kind: 'incomplete' });
    }
  });

  it('lets a presigned URL outlive the five-minute window but not be dated in the future beyond it', async () => {
    const req = await presignedGet({ expiresIn: 3600 });
    authenticate(req, options('sts', at(1800)));
    assertRefused(req, options('sts', at(-301)), { kind: 'signature', message: /^Signature not yet current: 20240309T235930Z/ });
  });
});
