import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CreateRoleCommand, GetAccountSummaryCommand, IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ServiceError } from './errors.js';
import { decodeQueryInput } from './query-input.js';
import { encodeQueryOutput } from './query-output.js';
import { loopbackClientConfig, loopbackHandler } from './testing/sdk-loopback.js';
import type { ServiceModel } from './model.js';
import { iamModel, stsModel } from './testing/models.js';

function failure(run: () => unknown): ServiceError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ServiceError, `expected a ServiceError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the input to be rejected');
}

/** An SDK v3 client whose requests go through decodeQueryInput → handler → encodeQueryOutput. */
function loopback(model: ServiceModel, handler: (action: string, input: Record<string, unknown>) => unknown) {
  return loopbackHandler((request) => {
    const params = new URLSearchParams(request.body);
    const action = params.get('Action') ?? '';
    assert.equal(params.get('Version'), model.metadata.apiVersion);
    const input = decodeQueryInput(model, action, params);
    return { status: 200, contentType: 'text/xml', body: encodeQueryOutput(model, action, handler(action, input), 'req-1') };
  });
}

// A small model for what IAM and STS inputs never use: maps, flattened lists, timestamps, blobs.
const fixture: ServiceModel = {
  metadata: { apiVersion: '2020-01-01', protocol: 'query', endpointPrefix: 'fx', serviceId: 'Fixture', xmlNamespace: 'https://fx.example/doc/' },
  operations: { Put: { name: 'Put', http: { method: 'POST', requestUri: '/' }, input: { shape: 'PutInput' } } },
  shapes: {
    PutInput: {
      type: 'structure',
      members: {
        Labels: { shape: 'LabelMap' },
        Flat: { shape: 'FlatList', flattened: true },
        At: { shape: 'When' },
        Data: { shape: 'Bytes' },
        Inner: { shape: 'Inner' },
      },
    },
    LabelMap: { type: 'map', key: { shape: 'Key' }, value: { shape: 'Text' } },
    FlatList: { type: 'list', member: { shape: 'Text' } },
    Inner: { type: 'structure', required: ['Count'], members: { Count: { shape: 'Count' } } },
    Key: { type: 'string', min: 1, max: 9 },
    Text: { type: 'string' },
    When: { type: 'timestamp' },
    Bytes: { type: 'blob' },
    Count: { type: 'integer', max: 5 },
  },
};

describe('decodeQueryInput', () => {
  it('reads IAM CreateRole with its tags list', () => {
    const params = new URLSearchParams(
      'Action=CreateRole&Version=2010-05-08&RoleName=app&AssumeRolePolicyDocument=%7B%7D&MaxSessionDuration=7200' +
        '&Tags.member.2.Key=b&Tags.member.2.Value=2&Tags.member.1.Key=a&Tags.member.1.Value=1',
    );
    assert.deepEqual(decodeQueryInput(iamModel, 'CreateRole', params), {
      RoleName: 'app',
      AssumeRolePolicyDocument: '{}',
      MaxSessionDuration: 7200,
      Tags: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '2' },
      ],
    });
  });

  it('reads `Name=` alone as an empty list', () => {
    const input = decodeQueryInput(iamModel, 'CreateRole', new URLSearchParams('RoleName=r&AssumeRolePolicyDocument=x&Tags='));
    assert.deepEqual(input.Tags, []);
  });

  it('reads maps, flattened lists, nested structures, ISO timestamps and base64', () => {
    const params = new URLSearchParams(
      'Labels.entry.1.key=env&Labels.entry.1.value=prod&Labels.entry.2.key=__proto__&Labels.entry.2.value=x' +
        '&Flat.1=a&Flat.2=b&At=2019-11-09T13:34:41Z&Data=AQID&Inner.Count=4',
    );
    const input = decodeQueryInput(fixture, 'Put', params);
    assert.deepEqual(Object.entries(input.Labels as object), [
      ['env', 'prod'],
      ['__proto__', 'x'],
    ]);
    assert.deepEqual(input.Flat, ['a', 'b']);
    assert.equal((input.At as Date).toISOString(), '2019-11-09T13:34:41.000Z');
    assert.deepEqual(input.Data, Buffer.from([1, 2, 3]));
    assert.deepEqual(input.Inner, { Count: 4 });
  });

  it("rejects RoleSessionName 'Session1:2' with the model's pattern, as ValidationError", () => {
    const error = failure(() =>
      decodeQueryInput(stsModel, 'AssumeRole', new URLSearchParams('RoleArn=arn:aws:iam::111122223333:role/app&RoleSessionName=Session1:2')),
    );
    assert.equal(error.code, 'ValidationError');
    assert.equal(error.status, 400);
    assert.equal(
      error.message,
      "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
  });

  it('validates map keys and nested members like the JSON codec', () => {
    const error = failure(() => decodeQueryInput(fixture, 'Put', new URLSearchParams('Labels.entry.1.key=toolongkey&Labels.entry.1.value=v&Inner.Count=9')));
    assert.equal(
      error.message,
      '2 validation errors detected: ' +
        "Value '{toolongkey=v}' at 'labels' failed to satisfy constraint: Map keys must satisfy constraint: [Member must have length less than or equal to 9, Member must have length greater than or equal to 1]; " +
        "Value '9' at 'inner.count' failed to satisfy constraint: Member must have value less than or equal to 5",
    );
  });

  it('never echoes a password, and reports each constraint it breaks', () => {
    const error = failure(() => decodeQueryInput(iamModel, 'CreateLoginProfile', new URLSearchParams('UserName=bob&Password=')));
    assert.equal(
      error.message,
      '2 validation errors detected: ' +
        "Value at 'password' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+",
    );
  });

  it('answers text that is not a number where one is expected with ValidationError', () => {
    const error = failure(() => decodeQueryInput(iamModel, 'ListRoles', new URLSearchParams('MaxItems=ten')));
    assert.equal(error.code, 'ValidationError');
    assert.equal(error.message, 'STRING_VALUE can not be converted to an Integer');
  });

  it('answers an unknown action with InvalidAction', () => {
    const error = failure(() => decodeQueryInput(iamModel, 'ListRolez', new URLSearchParams()));
    assert.equal(error.code, 'InvalidAction');
    assert.equal(error.message, 'Could not find operation ListRolez for version 2010-05-08');
  });
});

describe('encodeQueryOutput', () => {
  it('writes the GetCallerIdentity document of the spec', () => {
    const xml = encodeQueryOutput(stsModel, 'GetCallerIdentity', { Arn: 'arn:aws:iam::111122223333:user/alice', UserId: 'AIDAEXAMPLE', Account: '111122223333' }, 'id-1');
    assert.equal(
      xml,
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
        '<UserId>AIDAEXAMPLE</UserId><Account>111122223333</Account><Arn>arn:aws:iam::111122223333:user/alice</Arn>' +
        '</GetCallerIdentityResult><ResponseMetadata><RequestId>id-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
    );
  });

  it('writes lists as <member>, timestamps in ISO 8601 UTC and escapes text', () => {
    const xml = encodeQueryOutput(
      iamModel,
      'ListRoles',
      { Roles: [{ Path: '/', RoleName: 'r', RoleId: 'AROA1', Arn: 'arn', CreateDate: new Date('2019-11-09T13:34:41Z'), Description: 'a & <b>' }], IsTruncated: false },
      'id-2',
    );
    assert.ok(
      xml.includes(
        '<Roles><member><Path>/</Path><RoleName>r</RoleName><RoleId>AROA1</RoleId><Arn>arn</Arn><CreateDate>2019-11-09T13:34:41Z</CreateDate>' +
          '<Description>a &amp; &lt;b&gt;</Description></member></Roles><IsTruncated>false</IsTruncated>',
      ),
    );
  });

  it('omits <OpResult> for an operation without output', () => {
    assert.equal(
      encodeQueryOutput(iamModel, 'DeleteRole', {}, 'id-3'),
      '<DeleteRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>id-3</RequestId></ResponseMetadata></DeleteRoleResponse>',
    );
  });

  it('replaces characters XML 1.0 cannot carry', () => {
    const xml = encodeQueryOutput(stsModel, 'GetCallerIdentity', { Account: 'a\u0001b' }, 'id');
    assert.ok(xml.includes('<Account>a\uFFFDb</Account>'));
  });
});

describe('Query codec with the official SDK v3 clients as the oracle', () => {
  it('round-trips IAM CreateRole', async () => {
    const created = new Date('2020-01-02T03:04:05.678Z');
    const client = new IAMClient({
      ...loopbackClientConfig,
      requestHandler: loopback(iamModel, (_action, input) => ({
        Role: { Path: '/', RoleName: input.RoleName, RoleId: 'AROAEXAMPLE', Arn: 'arn:aws:iam::111122223333:role/app', CreateDate: created, Description: input.Description, Tags: input.Tags },
      })),
    });
    const out = await client.send(
      new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: '{"Version":"2012-10-17"}', Description: 'a & <b>', Tags: [{ Key: 'team', Value: 'a/b' }] }),
    );
    assert.equal(out.Role?.RoleName, 'app');
    assert.equal(out.Role?.Description, 'a & <b>');
    assert.equal(out.Role?.CreateDate?.toISOString(), created.toISOString());
    assert.deepEqual(out.Role?.Tags, [{ Key: 'team', Value: 'a/b' }]);
  });

  it('round-trips IAM ListRoles with paging members', async () => {
    const client = new IAMClient({
      ...loopbackClientConfig,
      requestHandler: loopback(iamModel, (_action, input) => {
        assert.deepEqual(input, { PathPrefix: '/svc/', MaxItems: 2 });
        const role = (n: number) => ({ Path: '/svc/', RoleName: `r${n}`, RoleId: `AROA${n}`, Arn: `arn:aws:iam::111122223333:role/svc/r${n}`, CreateDate: new Date(0) });
        return { Roles: [role(1), role(2)], IsTruncated: true, Marker: 'next' };
      }),
    });
    const out = await client.send(new ListRolesCommand({ PathPrefix: '/svc/', MaxItems: 2 }));
    assert.deepEqual(out.Roles?.map((r) => r.RoleName), ['r1', 'r2']);
    assert.equal(out.IsTruncated, true);
    assert.equal(out.Marker, 'next');
  });

  it('round-trips IAM GetAccountSummary, a map in the output', async () => {
    const client = new IAMClient({ ...loopbackClientConfig, requestHandler: loopback(iamModel, () => ({ SummaryMap: { Roles: 3, RolesQuota: 1000 } })) });
    const out = await client.send(new GetAccountSummaryCommand({}));
    assert.deepEqual(out.SummaryMap, { Roles: 3, RolesQuota: 1000 });
  });

  it('round-trips STS GetCallerIdentity', async () => {
    const client = new STSClient({
      ...loopbackClientConfig,
      requestHandler: loopback(stsModel, (_action, input) => {
        assert.deepEqual(input, {});
        return { UserId: 'AIDAEXAMPLE', Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/alice' };
      }),
    });
    const out = await client.send(new GetCallerIdentityCommand({}));
    assert.equal(out.Account, '111122223333');
    assert.equal(out.Arn, 'arn:aws:iam::111122223333:user/alice');
  });
});
