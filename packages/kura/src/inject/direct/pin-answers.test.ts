// The direct reader held against the SDK reader on the same answers from one scripted server: the
// same values for good answers, and for every refusal the same line on stderr (describeFailure) and
// exit code, after the same number of requests. A body that is not JSON is never quoted by either.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pinEnv, plan, readVia, ScriptedStore, type Ending, type Reply, type SeenRequest } from './testing/pin.js';

const store = new ScriptedStore();
before(() => store.start());
after(() => store.stop());

const env = (extra: Record<string, string> = {}) => pinEnv(store, extra);

/** Runs the read through both paths with the same script; both must end alike. Returns the ending and the requests of each. */
async function both(script: (request: SeenRequest, index: number) => Reply, read = plan({ paths: ['/app'] })): Promise<{ ending: Ending; requests: SeenRequest[] }> {
  store.answer(script);
  const sdk = await readVia('sdk', env(), read);
  const sdkRequests = [...store.seen];
  store.answer(script);
  const direct = await readVia('direct', env(), read);
  assert.deepEqual(direct, sdk, 'the direct reader ends as the SDK reader does');
  // Reads run concurrently, so only the set of requests (and their count) is theirs to agree on.
  const requests = (seen: SeenRequest[]): string[] => seen.map((r) => JSON.stringify([r.operation, r.input])).sort();
  assert.deepEqual(requests(store.seen), requests(sdkRequests), 'the same requests');
  return { ending: sdk, requests: sdkRequests };
}

const json = (value: unknown, status = 200): Reply => ({ status, body: JSON.stringify(value) });
const lineOf = (ending: Ending): string => ('line' in ending ? ending.line : `fetched: ${JSON.stringify(ending.fetched)}`);

describe('answers: the direct reader reads what the SDK reader reads', () => {
  test('GetParametersByPath, followed to the last page, SecureStrings decrypted by the store', async () => {
    const pages = [
      { Parameters: [{ Name: '/app/db/user', Type: 'String', Value: 'u', Version: 1, LastModifiedDate: 1.7e9, ARN: 'arn:x', DataType: 'text' }], NextToken: 'page-2' },
      { Parameters: [{ Name: '/app/db/password', Type: 'SecureString', Value: 'p@ss w0rd=+/ é' }] },
    ];
    const { ending, requests } = await both((request) => json(request.input.NextToken === 'page-2' ? pages[1] : pages[0]), plan({ paths: ['/app'], recursive: true }));
    assert.ok('fetched' in ending);
    assert.equal(requests.length, 2);
    assert.deepEqual(requests[0]?.input, { Path: '/app', Recursive: true, WithDecryption: true, MaxResults: 10 });
  });

  test('GetParameters with versions and labels; invalid names; names the answer lacks', async () => {
    const selectors = await both(() => json({ Parameters: [{ Name: '/app/a', Value: 'v3', Selector: ':3' }, { Name: '/app/b', Value: 'live', Selector: ':live' }], InvalidParameters: [] }), plan({ parameters: ['/app/a:3', '/app/b:live'] }));
    assert.ok('fetched' in selectors.ending, lineOf(selectors.ending));
    assert.deepEqual(selectors.ending.fetched, { paths: new Map(), values: new Map([['/app/a:3', 'v3'], ['/app/b:live', 'live']]), secrets: new Map() });
    const invalid = await both(() => json({ Parameters: [], InvalidParameters: ['/app/missing'] }), plan({ parameters: ['/app/missing'] }));
    assert.deepEqual(invalid.ending, { line: 'parameter not found: /app/missing', exitCode: 3 });
    const lacking = await both(() => json({ Parameters: [] }), plan({ parameters: ['/app/a'] }));
    assert.deepEqual(lacking.ending, { line: "the store's answer did not include /app/a", exitCode: 3 });
  });

  test('both name themselves kura/<version> in User-Agent, for the audit record', async () => {
    const agents = async (path: 'sdk' | 'direct'): Promise<string[]> => {
      store.answer(() => json({ Parameters: [] }));
      await readVia(path, env(), plan({ paths: ['/app'] }));
      return store.seen.map((request) => String(request.headers['user-agent']));
    };
    const [sdk] = await agents('sdk');
    const [direct] = await agents('direct');
    assert.match(String(sdk), /^aws-sdk-js\/\S+ .* kura\/source$/);
    assert.equal(direct, `kura/source md/direct lang/js md/nodejs#${process.versions.node} os/${process.platform}`);
  });

  test('an empty path, an empty body', async () => {
    assert.deepEqual((await both(() => json({ Parameters: [] }))).ending, { line: 'no parameters under --path /app (without --recursive); check the path and ssm:GetParametersByPath permission', exitCode: 3 });
    assert.deepEqual((await both(() => ({ body: '' }))).ending, { line: 'no parameters under --path /app (without --recursive); check the path and ssm:GetParametersByPath permission', exitCode: 3 });
  });

  test('malformed answers: not JSON, a parameter without a value (never quoting the body)', async () => {
    const notJson = await both(() => ({ body: '{"Parameters":[{"Name":"/app/a","Value":"s3cret-value"' }));
    assert.deepEqual(notJson.ending, { line: 'cannot read --path /app: malformed response from the store (HTTP 200)', exitCode: 3 });
    assert.equal(notJson.requests.length, 1, 'a malformed 200 is not retried');
    const noValue = await both(() => json({ Parameters: [{ Name: '/app/a' }] }));
    assert.deepEqual(noValue.ending, { line: 'malformed response from the store (a parameter without name or value)', exitCode: 3 });
  });
});

describe('service errors: the same line from either reader', () => {
  const cases: Array<[string, Reply, string]> = [
    ['a namespaced code and AWS\'s message', json({ __type: 'com.amazonaws.ssm#AccessDeniedException', message: 'User: arn:aws:iam::000000000000:user/task is not authorized to perform: ssm:GetParametersByPath' }, 400), 'AccessDeniedException: User: arn:aws:iam::000000000000:user/task is not authorized to perform: ssm:GetParametersByPath'],
    ['Message capitalised', json({ __type: 'ParameterNotFound', Message: 'no such parameter' }, 400), 'ParameterNotFound: no such parameter'],
    ['no message', json({ __type: 'AccessDeniedException' }, 400), 'AccessDeniedException (HTTP 400)'],
    ['a `code` member', json({ code: 'ValidationException', message: 'bad path' }, 400), 'ValidationException: bad path'],
    ['an error the model does not know', json({ __type: 'SomethingNewException', message: 'new' }, 400), 'SomethingNewException: new'],
    ['only the X-Amzn-ErrorType header', { status: 400, headers: { 'x-amzn-errortype': 'InvalidKeyId:http://internal.amazon.com/coral/' }, body: '' }, 'InvalidKeyId (HTTP 400)'],
    ['nothing at all', { status: 400, body: '' }, 'Unknown (HTTP 400)'],
    ['an HTML page from a proxy', { status: 403, headers: { 'content-type': 'text/html' }, body: '<html><body>Forbidden: s3cret</body></html>' }, 'malformed response from the store (HTTP 403)'],
  ];
  for (const [what, reply, expected] of cases) {
    test(what, async () => {
      const { ending, requests } = await both(() => reply);
      assert.deepEqual(ending, { line: `cannot read --path /app: ${expected}`, exitCode: 3 });
      assert.equal(requests.length, 1, 'a client error is not retried');
    });
  }
});

describe('Secrets Manager: GetSecretValue', () => {
  const arn = 'arn:aws:secretsmanager:eu-west-1:000000000000:secret:app/db-AbCdEf';
  test('a string, a binary secret, a stage and a version id, a secret in its ARN\'s region', async () => {
    const secrets = [
      { spec: 'app/db', secretId: 'app/db' },
      { spec: 'app/db::AWSPREVIOUS', secretId: 'app/db', versionStage: 'AWSPREVIOUS' },
      { spec: 'app/bin', secretId: 'app/bin' },
      { spec: arn, secretId: arn, region: 'eu-west-1', versionId: '00000000-0000-4000-8000-000000000000' },
    ];
    const { ending, requests } = await both(
      (request) => json(request.input.SecretId === 'app/bin' ? { SecretBinary: 'AAEC' } : { ARN: 'arn:x', Name: 'app/db', SecretString: `{"user":"${String(request.input.VersionStage ?? 'current')}"}` }),
      plan({ secrets }),
    );
    assert.ok('fetched' in ending, lineOf(ending));
    assert.equal(requests.length, 4);
    const scopes = requests.map((r) => /Credential=[^/]+\/\d{8}\/([^/]+)\/secretsmanager\//.exec(String(r.headers.authorization))?.[1]).sort();
    assert.deepEqual(scopes, ['eu-west-1', 'us-east-1', 'us-east-1', 'us-east-1'], 'the ARN\'s secret is signed for its region');
  });

  test('a missing secret, an answer without a value', async () => {
    const missing = await both(() => json({ __type: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." }, 400), plan({ secrets: [{ spec: 'nope', secretId: 'nope' }] }));
    assert.deepEqual(missing.ending, { line: "cannot read secret nope: ResourceNotFoundException: Secrets Manager can't find the specified secret.", exitCode: 3 });
    const empty = await both(() => json({ ARN: 'arn:x', Name: 'app/db' }), plan({ secrets: [{ spec: 'app/db', secretId: 'app/db' }] }));
    assert.deepEqual(empty.ending, { line: 'malformed response from the store (secret app/db came back without a value)', exitCode: 3 });
  });
});
