// The SigV4 tamper matrix against the built `kura serve`, in both --path-authorization modes: for a
// read and a write of each protocol (SSM and KMS in JSON, IAM and STS in Query), and for presigned
// URLs, every variant of a correctly signed request (fuzz/tamper.ts) is refused with an
// authentication error, and nothing it asked for happens; the untampered request then succeeds,
// so the refusals are not vacuous. Replayed and forged credentials are refused the same way.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { CreateKeyCommand, EncryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { startKura, type RunningKura } from './harness.js';
import { presignRequest, sendRequest, signRequest, withHeaderValue, type Credentials, type WireRequest, type WireResponse } from './fuzz/sign.js';
import { headerSignedVariants, presignedVariants } from './fuzz/tamper.js';

const ACCOUNT = '123456789012';
const JSON_AUTH = /^(IncompleteSignatureException|InvalidSignatureException|MissingAuthenticationTokenException|UnrecognizedClientException)$/;
const QUERY_AUTH = /^(IncompleteSignature|SignatureDoesNotMatch|MissingAuthenticationToken|InvalidClientTokenId)$/;

/** The wire error code of a JSON or Query answer ('' when there is none). */
function codeOf(response: WireResponse): string {
  const text = response.body.toString('utf8');
  if (text.startsWith('<')) return /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? '';
  try {
    return String((JSON.parse(text) as { __type?: string }).__type ?? '');
  } catch {
    return '';
  }
}

interface Base {
  label: string;
  service: string;
  json: boolean;
  headers: Record<string, string>;
  body: string;
  /** Another operation of the same service, for the X-Amz-Target variants (JSON only). */
  otherTarget?: string;
  /** Resolves true once the request's effect can be seen: checked false before the control, true after. */
  happened?: () => Promise<boolean>;
}

for (const mode of ['strict', 'aws'] as const) {
  describe(`the SigV4 tamper matrix against kura serve --path-authorization ${mode}`, () => {
    let kura: RunningKura;
    let admin: Credentials;
    let lowKeyId: string;
    let session: Credentials;
    let ciphertext: string;
    let ssm: SSMClient;
    let iam: IAMClient;

    before(async () => {
      kura = await startKura({ args: ['--account-id', ACCOUNT, '--path-authorization', mode] });
      admin = kura.credentials;
      const config = { endpoint: kura.url, region: kura.region, credentials: admin };
      ssm = new SSMClient(config);
      iam = new IAMClient(config);
      const kms = new KMSClient(config);
      const sts = new STSClient(config);
      await ssm.send(new PutParameterCommand({ Name: '/tamper/secret', Value: 'tamper-secret-value', Type: 'SecureString' }));
      const key = (await kms.send(new CreateKeyCommand({}))).KeyMetadata?.KeyId;
      ciphertext = Buffer.from((await kms.send(new EncryptCommand({ KeyId: key, Plaintext: Buffer.from('p') }))).CiphertextBlob as Uint8Array).toString('base64');
      await iam.send(new CreateUserCommand({ UserName: 'tamper-low' }));
      lowKeyId = (await iam.send(new CreateAccessKeyCommand({ UserName: 'tamper-low' }))).AccessKey?.AccessKeyId as string;
      const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }] });
      await iam.send(new CreateRoleCommand({ RoleName: 'tamper-role', AssumeRolePolicyDocument: trust }));
      const c = (await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCOUNT}:role/tamper-role`, RoleSessionName: 'tamper' }))).Credentials;
      session = { accessKeyId: c?.AccessKeyId as string, secretAccessKey: c?.SecretAccessKey as string, sessionToken: c?.SessionToken as string };
      kms.destroy();
      sts.destroy();
    });
    after(async () => {
      ssm.destroy();
      iam.destroy();
      await kura.stop();
    });

    const sign = (base: Base, credentials: Credentials = admin, extra: { signingDate?: Date } = {}) =>
      signRequest(kura.url, { method: 'POST', headers: base.headers, body: Buffer.from(base.body), service: base.service, region: kura.region, credentials, ...extra });

    const assertRefused = async (label: string, request: WireRequest, json: boolean) => {
      const response = await sendRequest(kura.url, request);
      const code = codeOf(response);
      // Node answers a request without Host itself (HTTP/1.1 requires one), with an empty 400.
      if (response.status === 400 && response.body.length === 0 && request.headers.every((h, i) => i % 2 === 1 || h.toLowerCase() !== 'host')) return;
      assert.ok(response.status === 400 || response.status === 403, `${label}: HTTP ${response.status} ${response.body.toString()}`);
      // Without its X-Amz-Target a JSON request is routed as Query, and refused in Query's words.
      const targetRemoved = json && !request.headers.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'x-amz-target');
      assert.match(code, json && !targetRemoved ? JSON_AUTH : QUERY_AUTH, `${label}: ${response.body.toString()}`);
    };

    const bases = (): Base[] => {
      const jsonHeaders = (target: string) => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target });
      const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
      return [
        { label: 'SSM GetParameter', service: 'ssm', json: true, headers: jsonHeaders('AmazonSSM.GetParameter'), body: '{"Name":"/tamper/secret","WithDecryption":true}', otherTarget: 'AmazonSSM.DeleteParameter' },
        {
          label: 'SSM PutParameter',
          service: 'ssm',
          json: true,
          headers: jsonHeaders('AmazonSSM.PutParameter'),
          body: `{"Name":"/tamper/${mode}/written","Value":"v","Type":"String"}`,
          otherTarget: 'AmazonSSM.DeleteParameter',
          happened: () => ssm.send(new GetParameterCommand({ Name: `/tamper/${mode}/written` })).then(() => true, () => false),
        },
        { label: 'KMS Decrypt', service: 'kms', json: true, headers: jsonHeaders('TrentService.Decrypt'), body: JSON.stringify({ CiphertextBlob: ciphertext }), otherTarget: 'TrentService.ScheduleKeyDeletion' },
        {
          label: 'IAM CreateUser',
          service: 'iam',
          json: false,
          headers: form,
          body: 'Action=CreateUser&Version=2010-05-08&UserName=tamper-made',
          happened: () => iam.send(new GetUserCommand({ UserName: 'tamper-made' })).then(() => true, () => false),
        },
        { label: 'STS GetCallerIdentity', service: 'sts', json: false, headers: form, body: 'Action=GetCallerIdentity&Version=2011-06-15' },
      ];
    };

    test('refuses every tampered variant of header-signed requests, runs none of them, then runs the untampered one', async () => {
      let refused = 0;
      for (const base of bases()) {
        const signed = await sign(base);
        for (const [what, variant] of headerSignedVariants(signed, lowKeyId, base.otherTarget)) {
          await assertRefused(`${base.label}, ${what}`, variant, base.json);
          refused += 1;
        }
        if (base.happened) assert.equal(await base.happened(), false, `${base.label}: a tampered request took effect`);
        const control = await sendRequest(kura.url, signed);
        assert.equal(control.status, 200, `${base.label} untampered: ${control.body.toString()}`);
        if (base.happened) assert.equal(await base.happened(), true, `${base.label}: the untampered request took no effect`);
      }
      assert.ok(refused > 150, `only ${refused} variants`);
    });

    test('refuses every tampered variant of presigned URLs (STS GetCallerIdentity, IAM CreateUser), running none', async () => {
      const userMade = () => iam.send(new GetUserCommand({ UserName: 'tamper-presigned' })).then(() => true, () => false);
      for (const [service, query] of [
        ['sts', { Action: 'GetCallerIdentity', Version: '2011-06-15' }],
        ['iam', { Action: 'CreateUser', Version: '2010-05-08', UserName: 'tamper-presigned' }],
      ] as const) {
        const presigned = await presignRequest(kura.url, { query, headers: {}, service, region: kura.region, credentials: session });
        for (const [what, variant] of presignedVariants(presigned)) await assertRefused(`presigned ${query.Action}, ${what}`, variant, false);
        assert.equal(await userMade(), false, 'a tampered presigned CreateUser took effect');
        const control = await sendRequest(kura.url, presigned);
        // The session's role has no policy: IAM refuses CreateUser, but only after authenticating it.
        assert.equal(control.status, service === 'sts' ? 200 : 403, control.body.toString());
        if (service === 'iam') assert.equal(codeOf(control), 'AccessDenied');
      }
    });

    test('refuses replayed and forged credentials: stale and future dates, a wrong secret, an unknown key, a missing or altered session token', async () => {
      const base = bases()[0] as Base;
      const minutes = (n: number) => new Date(Date.now() + n * 60_000);
      const cases: [string, WireRequest, RegExp][] = [
        ['signed 6 minutes ago', await sign(base, admin, { signingDate: minutes(-6) }), /^InvalidSignatureException$/],
        ['signed 6 minutes ahead', await sign(base, admin, { signingDate: minutes(6) }), /^InvalidSignatureException$/],
        ['signed with a wrong secret', await sign(base, { ...admin, secretAccessKey: `${admin.secretAccessKey}x` }), /^InvalidSignatureException$/],
        ["signed with the other user's key id and the admin's secret", await sign(base, { ...admin, accessKeyId: lowKeyId }), /^InvalidSignatureException$/],
        ['signed with an unknown key id', await sign(base, { ...admin, accessKeyId: 'AKIATAMPERUNKNOWN001' }), /^UnrecognizedClientException$/],
        ['a session key signed without its token', await sign(base, { ...session, sessionToken: undefined } as Credentials), /^UnrecognizedClientException$/],
        ['a session key with an altered token, validly signed', await sign(base, { ...session, sessionToken: `${session.sessionToken}x` }), /^UnrecognizedClientException$/],
      ];
      const withToken = await sign(base, session);
      cases.push(['a session request with its signed token header removed', { ...withToken, headers: withHeaderValue(withToken.headers, 'x-amz-security-token', undefined) }, JSON_AUTH]);
      for (const [what, request, expected] of cases) {
        const response = await sendRequest(kura.url, request);
        assert.equal(response.status, 400, `${what}: ${response.body.toString()}`);
        assert.match(codeOf(response), expected, `${what}: ${response.body.toString()}`);
      }
      // The same session, signed as it should be, is accepted (its role may not read: 400 AccessDenied).
      const control = await sendRequest(kura.url, withToken);
      assert.notEqual(codeOf(control), 'UnrecognizedClientException', control.body.toString());
    });
  });
}
