// Text that is not valid Unicode is refused, never stored with U+FFFD in its place: bytes that are
// not UTF-8 and lone surrogates, in a JSON body (SSM) and in a Query form (IAM). Valid non-ASCII
// text goes in and comes back exactly, U+0000 included where AWS's models allow it (descriptions,
// KMS tags), on either store (KURA_E2E_STORE): PostgreSQL keeps such text as bytes.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CreateKeyCommand, DescribeKeyCommand, KMSClient, ListResourceTagsCommand } from '@aws-sdk/client-kms';
import { DescribeParametersCommand, GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { startKura, type RunningKura } from './harness.js';
import { rawRequest } from './raw-request.js';

const SERIALIZATION = { __type: 'SerializationException', Message: 'Start of structure or map found where not expected.' };

describe('invalid text in requests', () => {
  let kura: RunningKura;
  let ssm: SSMClient;
  before(async () => {
    kura = await startKura({ args: ['--account-id', '123456789012'] });
    ssm = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
  });
  after(async () => {
    ssm.destroy();
    await kura.stop();
  });

  const putRaw = (body: Buffer | string) => rawRequest({ url: kura.url, credentials: kura.credentials, target: 'AmazonSSM.PutParameter', body });
  const assertNotStored = (name: string) => assert.rejects(ssm.send(new GetParameterCommand({ Name: name })), { name: 'ParameterNotFound' });

  test('PutParameter whose body holds bytes that are not UTF-8 is a SerializationException, and nothing is stored', async () => {
    const body = Buffer.concat([Buffer.from('{"Name":"/text/bytes","Type":"String","Value":"ab'), Buffer.from([0xff, 0xc3]), Buffer.from('cd"}')]);
    const r = await putRaw(body);
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, SERIALIZATION);
    await assertNotStored('/text/bytes');
  });

  test('PutParameter with a lone surrogate escape is a SerializationException, and nothing is stored', async () => {
    const r = await putRaw('{"Name":"/text/surrogate","Type":"String","Value":"ab\\ud800cd"}');
    assert.equal(r.status, 400);
    assert.deepEqual(r.json, SERIALIZATION);
    await assertNotStored('/text/surrogate');
  });

  test('the SDK sends a JavaScript string holding a lone surrogate as that escape, and gets the same answer', async () => {
    await assert.rejects(ssm.send(new PutParameterCommand({ Name: '/text/sdk', Type: 'String', Value: 'x\udc00' })), {
      name: 'SerializationException',
      message: 'Start of structure or map found where not expected.',
    });
    await assertNotStored('/text/sdk');
  });

  test('a valid non-ASCII value round-trips exactly', async () => {
    const value = '蔵 ✓ 😀 é';
    await ssm.send(new PutParameterCommand({ Name: '/text/valid', Type: 'String', Value: value }));
    const got = await ssm.send(new GetParameterCommand({ Name: '/text/valid' }));
    assert.equal(got.Parameter?.Value, value);
    // Sent as escapes by a hand-written client: the same text.
    const r = await putRaw('{"Name":"/text/escaped","Type":"SecureString","Value":"\\u8535 \\u2713 \\ud83d\\ude00 \\u00e9"}');
    assert.equal(r.status, 200);
    const secure = await ssm.send(new GetParameterCommand({ Name: '/text/escaped', WithDecryption: true }));
    assert.equal(secure.Parameter?.Value, value);
  });

  test('a description holding U+0000 round-trips exactly: SSM PutParameter then DescribeParameters, KMS CreateKey then DescribeKey', async () => {
    await ssm.send(new PutParameterCommand({ Name: '/text/nul', Type: 'String', Value: 'v', Description: 'a\u0000b', AllowedPattern: '^[^\u0000]+$' }));
    const described = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: 'Name', Values: ['/text/nul'] }] }));
    assert.deepEqual(described.Parameters?.map((p) => [p.Description, p.AllowedPattern]), [['a\u0000b', '^[^\u0000]+$']]);
    const kms = new KMSClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    try {
      const tags = [{ TagKey: 'k\u0000', TagValue: '\u0000' }, { TagKey: 'k', TagValue: 'v\u0000' }];
      const key = (await kms.send(new CreateKeyCommand({ Description: 'a\u0000b', Tags: tags }))).KeyMetadata?.KeyId;
      assert.equal((await kms.send(new DescribeKeyCommand({ KeyId: key }))).KeyMetadata?.Description, 'a\u0000b');
      assert.deepEqual((await kms.send(new ListResourceTagsCommand({ KeyId: key }))).Tags, [...tags].reverse());
    } finally {
      kms.destroy();
    }
  });

  test('an IAM form whose percent-decoded bytes are not UTF-8 is MalformedQueryString', async () => {
    const r = await rawRequest({
      url: kura.url,
      credentials: kura.credentials,
      service: 'iam',
      contentType: 'application/x-www-form-urlencoded; charset=utf-8',
      body: 'Action=CreateUser&Version=2010-05-08&UserName=al%FFice',
    });
    assert.equal(r.status, 400);
    const xml = String(r.json['raw']);
    assert.match(xml, /<Code>MalformedQueryString<\/Code>/);
    assert.match(xml, /<Message>The query string is malformed\.<\/Message>/);
  });
});
