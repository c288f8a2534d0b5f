// The reference design's Parameter Store steps, driven by the unmodified AWS CLI, boto3 and SDK v3
// against the real `kura serve` process started as the README says.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { GetParametersByPathCommand, GetParameterCommand, PutParameterCommand, SSMClient, GetParametersCommand } from '@aws-sdk/client-ssm';
import { awsCliJson, boto3, startKura, type RunningKura } from './harness.js';

const PREFIX = '/goecssample/database/sample/master';
const VALUES: Record<string, string> = { user: 'sample-user', password: 'p@ss w0rd+/=~%', host: 'db.internal', name: 'sample', port: '3306' };

describe('the reference design with the AWS CLI', () => {
  let kura: RunningKura;
  before(async () => {
    kura = await startKura();
  });
  after(async () => {
    const { code } = await kura.stop();
    assert.equal(code, 0, 'kura serve exits 0 on SIGTERM');
  });

  test('creates the five parameters, overwrites one, and reads them back', async () => {
    for (const [leaf, value] of Object.entries(VALUES)) {
      const type = leaf === 'password' ? 'SecureString' : 'String';
      const out = await awsCliJson<{ Version: number; Tier: string }>(kura, [
        'ssm', 'put-parameter', '--name', `${PREFIX}/${leaf}`, '--type', type, '--value', value, '--description', `database ${leaf}`,
      ]);
      assert.deepEqual(out, { Version: 1, Tier: 'Standard' });
    }
    const overwrite = await awsCliJson<{ Version: number }>(kura, ['ssm', 'put-parameter', '--name', `${PREFIX}/host`, '--type', 'String', '--value', 'db2.internal', '--overwrite']);
    assert.equal(overwrite.Version, 2);

    const many = await awsCliJson<{ Parameters: Array<{ Name: string; Value: string; Type: string; Version: number }>; InvalidParameters: string[] }>(kura, [
      'ssm', 'get-parameters', '--names', `${PREFIX}/user`, `${PREFIX}/host`, `${PREFIX}/nope`,
    ]);
    assert.deepEqual(many.Parameters.map((p) => [p.Name, p.Value, p.Version]), [
      [`${PREFIX}/host`, 'db2.internal', 2],
      [`${PREFIX}/user`, 'sample-user', 1],
    ]);
    assert.deepEqual(many.InvalidParameters, [`${PREFIX}/nope`]);

    const secret = await awsCliJson<{ Parameter: { Value: string; Type: string } }>(kura, ['ssm', 'get-parameter', '--name', `${PREFIX}/password`, '--with-decryption']);
    assert.deepEqual([secret.Parameter.Type, secret.Parameter.Value], ['SecureString', VALUES.password]);
    const sealed = await awsCliJson<{ Parameter: { Value: string } }>(kura, ['ssm', 'get-parameter', '--name', `${PREFIX}/password`]);
    assert.notEqual(sealed.Parameter.Value, VALUES.password, 'without --with-decryption the ciphertext comes back');
    assert.ok(Buffer.from(sealed.Parameter.Value, 'base64').length > VALUES.password!.length);

    const tree = await awsCliJson<{ Parameters: Array<{ Name: string; Value: string }> }>(kura, [
      'ssm', 'get-parameters-by-path', '--path', '/goecssample', '--recursive', '--with-decryption',
    ]);
    assert.deepEqual(
      Object.fromEntries(tree.Parameters.map((p) => [p.Name.slice(PREFIX.length + 1), p.Value])),
      { ...VALUES, host: 'db2.internal' },
    );
  });

  test('a missing parameter is ParameterNotFound with the CLI exit code 255', async () => {
    await assert.rejects(awsCliJson(kura, ['ssm', 'get-parameter', '--name', '/goecssample/missing']), (error: { code?: number; stderr?: string }) => {
      assert.equal(error.code, 255);
      assert.match(error.stderr ?? '', /An error occurred \(ParameterNotFound\) when calling the GetParameter operation: ?\n?$/);
      return true;
    });
  });
});

describe('the reference design with boto3 and SDK v3', () => {
  let kura: RunningKura;
  before(async () => {
    kura = await startKura({ args: ['--dev', '--account-id', '123456789012'] });
  });
  after(async () => {
    await kura.stop();
  });

  test('boto3 writes, overwrites and reads the tree with paginators', async () => {
    const result = await boto3(
      kura,
      `
for leaf, value in ${JSON.stringify(VALUES)}.items():
    ssm.put_parameter(Name="${PREFIX}/" + leaf, Value=value, Type="SecureString" if leaf == "password" else "String")
v = ssm.put_parameter(Name="${PREFIX}/port", Value="3307", Type="String", Overwrite=True)["Version"]
names = []
for page in ssm.get_paginator("get_parameters_by_path").paginate(Path="/goecssample", Recursive=True, WithDecryption=True, PaginationConfig={"PageSize": 2}):
    names += [(p["Name"], p["Value"], p["ARN"]) for p in page["Parameters"]]
print(json.dumps({"version": v, "names": names}))
`,
    );
    const { version, names } = result as { version: number; names: Array<[string, string, string]> };
    assert.equal(version, 2);
    assert.equal(names.length, 5);
    const password = names.find(([n]) => n.endsWith('/password'));
    assert.deepEqual(password, [`${PREFIX}/password`, VALUES.password, `arn:aws:ssm:us-east-1:123456789012:parameter${PREFIX}/password`]);
  });

  test('SDK v3 reads what boto3 wrote, by name, in a batch and by path', async () => {
    const ssm = new SSMClient({ endpoint: kura.url, region: kura.region, credentials: kura.credentials });
    const one = await ssm.send(new GetParameterCommand({ Name: `${PREFIX}/port`, WithDecryption: true }));
    assert.equal(one.Parameter?.Value, '3307');
    assert.equal(one.Parameter?.Version, 2);
    assert.ok(one.Parameter?.LastModifiedDate instanceof Date);
    const batch = await ssm.send(new GetParametersCommand({ Names: [`${PREFIX}/user`, `${PREFIX}/port:1`], WithDecryption: true }));
    assert.deepEqual(batch.Parameters?.map((p) => [p.Name, p.Value, p.Selector]), [
      [`${PREFIX}/port`, '3306', ':1'],
      [`${PREFIX}/user`, VALUES.user, undefined],
    ]);
    const page = await ssm.send(new GetParametersByPathCommand({ Path: PREFIX, WithDecryption: true }));
    assert.equal(page.Parameters?.length, 5);
    ssm.destroy();
  });

  test('the --dev pair test/test is accepted as the administrator on loopback', async () => {
    const ssm = new SSMClient({ endpoint: kura.url, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    const out = await ssm.send(new PutParameterCommand({ Name: 'dev-check', Value: 'ok', Type: 'String' }));
    assert.equal(out.Version, 1);
    ssm.destroy();
  });
});
