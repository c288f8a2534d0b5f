import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ServiceModel } from '../wire/model.js';
import { HIDDEN, MAX_REQUEST_PARAMETERS_BYTES, requestParameters } from './request-parameters.js';
import { builtInServices } from './services.js';

const entryOf = (name: string) => builtInServices.find((s) => s.signingName === name) ?? assert.fail(name);
/** The parameters as the service's entry records them (its model and its sensitive style). */
const recorded = (service: string, operation: string, input: Record<string, unknown>) => {
  const entry = entryOf(service);
  return requestParameters(entry.model, operation, input, entry.sensitiveParameters);
};
const CANARY = 'REQ-PARAMS-CANARY-5e1f';

/** A model of one operation whose input exercises every shape kind, sensitive ones included. */
const model: ServiceModel = {
  metadata: { apiVersion: '2020-01-01', protocol: 'json', endpointPrefix: 'x', serviceId: 'X' },
  operations: { Op: { name: 'Op', http: { method: 'POST', requestUri: '/' }, input: { shape: 'OpRequest' } } },
  shapes: {
    OpRequest: {
      type: 'structure',
      members: {
        Name: { shape: 'Str' },
        Value: { shape: 'Str' },
        Token: { shape: 'Secret' },
        Count: { shape: 'Int' },
        Force: { shape: 'Bool' },
        When: { shape: 'Time' },
        Bytes: { shape: 'Bytes' },
        Items: { shape: 'ItemList' },
        Context: { shape: 'Context' },
        Hidden: { shape: 'HiddenMap' },
        Secrets: { shape: 'SecretList' },
        Nested: { shape: 'Nested' },
      },
    },
    Str: { type: 'string' },
    Secret: { type: 'string', sensitive: true },
    Int: { type: 'integer' },
    Bool: { type: 'boolean' },
    Time: { type: 'timestamp' },
    Bytes: { type: 'blob' },
    Item: { type: 'structure', members: { Key: { shape: 'Str' }, Value: { shape: 'Str' }, Password: { shape: 'Str' }, SecretCode: { shape: 'Secret' } } },
    ItemList: { type: 'list', member: { shape: 'Item' } },
    Context: { type: 'map', key: { shape: 'Str' }, value: { shape: 'Str' } },
    HiddenMap: { type: 'map', key: { shape: 'Str' }, value: { shape: 'Str' }, sensitive: true },
    SecretList: { type: 'list', member: { shape: 'Secret' } },
    Nested: { type: 'structure', members: { Inner: { shape: 'Nested' }, Plaintext: { shape: 'Str' }, Label: { shape: 'Str' } } },
  },
};

describe('requestParameters: the input without its secrets', () => {
  test('member names as CloudTrail writes them, scalars as sent, a timestamp in ISO form, bytes left out', () => {
    const out = requestParameters(model, 'Op', { Name: 'a', Count: 3, Force: false, When: new Date('2026-03-01T00:00:00Z'), Bytes: Buffer.from(CANARY) });
    assert.deepEqual(out, { name: 'a', count: 3, force: false, when: '2026-03-01T00:00:00.000Z' });
  });

  test('sensitive members are hidden at every depth: in structures, lists and maps', () => {
    const input = {
      Token: CANARY,
      Items: [{ Key: 'k', Value: 'tag value', Password: CANARY, SecretCode: CANARY }],
      Hidden: { a: CANARY },
      Secrets: [CANARY, CANARY],
      Nested: { Label: 'outer', Inner: { Label: 'inner', Plaintext: CANARY } },
    };
    assert.deepEqual(requestParameters(model, 'Op', input), {
      token: HIDDEN,
      items: [{ key: 'k', value: 'tag value', password: HIDDEN, secretCode: HIDDEN }],
      hidden: HIDDEN,
      secrets: [HIDDEN, HIDDEN],
      nested: { inner: { label: 'inner', plaintext: HIDDEN }, label: 'outer' },
    });
    // Where CloudTrail leaves them out instead.
    assert.deepEqual(requestParameters(model, 'Op', input, 'omitted'), {
      items: [{ key: 'k', value: 'tag value' }],
      secrets: [],
      nested: { inner: { label: 'inner' }, label: 'outer' },
    });
  });

  test('the deny-list: secret names are hidden though the model does not mark them; a top-level Value is what the request stores', () => {
    // Value, Password and Plaintext are plain strings in this model.
    const out = requestParameters(model, 'Op', { Value: CANARY, Items: [{ Key: 'k', Value: 'v', Password: CANARY }], Nested: { Plaintext: CANARY } });
    assert.deepEqual(out, { value: HIDDEN, items: [{ key: 'k', value: 'v', password: HIDDEN }], nested: { plaintext: HIDDEN } });
    assert.deepEqual(requestParameters(model, 'Op', { Name: 'n', Value: CANARY }, 'omitted'), { name: 'n' });
  });

  test('map keys are kept as sent, `__proto__` included; members the model does not name are left out', () => {
    const context = JSON.parse('{"__proto__": "p", "Department": "eng"}') as Record<string, unknown>;
    const out = requestParameters(model, 'Op', { Context: context, Unmodelled: CANARY });
    assert.deepEqual(Object.keys(out ?? {}), ['context']);
    const shown = out?.['context'] as Record<string, unknown>;
    assert.deepEqual(Object.keys(shown), ['__proto__', 'Department']);
    assert.equal(Object.getPrototypeOf(shown), Object.prototype);
  });

  test('a value not of its shape’s type is left out (when unsure, hide)', () => {
    assert.deepEqual(requestParameters(model, 'Op', { Name: 1, Count: 'x', Items: 'x', Context: ['x'], When: 'x', Force: 'true', Nested: [] }), null);
  });

  test('no parameters, an unknown operation: null', () => {
    assert.equal(requestParameters(model, 'Op', {}), null);
    assert.equal(requestParameters(model, 'Op', { Token: CANARY }, 'omitted'), null);
    assert.equal(requestParameters(model, 'Nope', { Name: 'a' }), null);
    assert.equal(recorded('sts', 'GetCallerIdentity', {}), null);
  });

  test('bounded: past 10 KB of JSON the parameters are {omitted: true}', () => {
    const fits = 'x'.repeat(MAX_REQUEST_PARAMETERS_BYTES - '{"name":""}'.length);
    assert.deepEqual(requestParameters(model, 'Op', { Name: fits }), { name: fits });
    assert.deepEqual(requestParameters(model, 'Op', { Name: `${fits}x` }), { omitted: true });
    // Counted in bytes of UTF-8, as written.
    assert.deepEqual(requestParameters(model, 'Op', { Name: 'é'.repeat(MAX_REQUEST_PARAMETERS_BYTES / 2) }), { omitted: true });
    // A large secret is hidden before the size is counted: it never makes the record large.
    assert.deepEqual(requestParameters(model, 'Op', { Name: 'n', Token: 'x'.repeat(64 * 1024) }), { name: 'n', token: HIDDEN });
  });
});

describe('requestParameters of Kura’s operations, as CloudTrail records them', () => {
  test('SSM PutParameter: the value hidden, for every type', () => {
    for (const type of ['SecureString', 'String', 'StringList']) {
      assert.deepEqual(recorded('ssm', 'PutParameter', { Name: '/app/db', Type: type, Value: CANARY, Overwrite: true, Tags: [{ Key: 'team', Value: 'a' }] }), {
        name: '/app/db',
        value: HIDDEN,
        type,
        overwrite: true,
        tags: [{ key: 'team', value: 'a' }],
      });
    }
    assert.deepEqual(recorded('ssm', 'GetParameter', { Name: '/app/db', WithDecryption: true }), { name: '/app/db', withDecryption: true });
  });

  test('KMS: plaintexts and ciphertexts left out, the encryption context kept', () => {
    const context = { Department: 'eng' };
    assert.deepEqual(recorded('kms', 'Encrypt', { KeyId: 'alias/app', Plaintext: Buffer.from(CANARY), EncryptionContext: context }), { keyId: 'alias/app', encryptionContext: context });
    assert.deepEqual(recorded('kms', 'Decrypt', { CiphertextBlob: Buffer.from(CANARY), EncryptionContext: context }), { encryptionContext: context });
    assert.deepEqual(recorded('kms', 'ReEncrypt', { CiphertextBlob: Buffer.from(CANARY), DestinationKeyId: 'k' }), { destinationKeyId: 'k' });
    assert.deepEqual(recorded('kms', 'GenerateDataKey', { KeyId: 'k', KeySpec: 'AES_256', Recipient: { AttestationDocument: Buffer.from(CANARY) } }), { keyId: 'k', keySpec: 'AES_256', recipient: {} });
  });

  test('Secrets Manager: SecretString, SecretBinary and RotationToken left out', () => {
    assert.deepEqual(recorded('secretsmanager', 'CreateSecret', { Name: 'app/db', SecretString: CANARY, Description: 'd', ClientRequestToken: 't'.repeat(32) }), {
      name: 'app/db',
      clientRequestToken: 't'.repeat(32),
      description: 'd',
    });
    assert.deepEqual(recorded('secretsmanager', 'CreateSecret', { Name: 'bin', SecretBinary: Buffer.from(CANARY) }), { name: 'bin' });
    assert.deepEqual(recorded('secretsmanager', 'PutSecretValue', { SecretId: 'app/db', SecretString: CANARY, RotationToken: CANARY, VersionStages: ['AWSPENDING'] }), {
      secretId: 'app/db',
      versionStages: ['AWSPENDING'],
    });
    assert.deepEqual(recorded('secretsmanager', 'UpdateSecret', { SecretId: 'app/db', SecretString: CANARY }), { secretId: 'app/db' });
  });

  test('IAM and STS: names and policy documents kept, MFA codes and context assertions hidden', () => {
    assert.deepEqual(recorded('iam', 'CreateAccessKey', { UserName: 'bob' }), { userName: 'bob' });
    assert.equal(recorded('iam', 'CreateAccessKey', {}), null);
    const policy = '{"Version":"2012-10-17","Statement":[]}';
    assert.deepEqual(recorded('iam', 'PutUserPolicy', { UserName: 'bob', PolicyName: 'p', PolicyDocument: policy }), { userName: 'bob', policyName: 'p', policyDocument: policy });
    const roleArn = 'arn:aws:iam::123456789012:role/app';
    assert.deepEqual(
      recorded('sts', 'AssumeRole', { RoleArn: roleArn, RoleSessionName: 's', DurationSeconds: 900, SerialNumber: 'arn:mfa', TokenCode: '123456', ProvidedContexts: [{ ProviderArn: 'p', ContextAssertion: CANARY }] }),
      { roleArn, roleSessionName: 's', providedContexts: [{ providerArn: 'p', contextAssertion: HIDDEN }], durationSeconds: 900, serialNumber: 'arn:mfa', tokenCode: HIDDEN },
    );
  });

  test('the models keep the sensitive trait on every secret Kura’s operations take (strip-models.mjs must not drop it)', () => {
    const sensitive = (service: string, operation: string, member: string) => {
      const { model: m } = entryOf(service);
      const input = m.shapes[m.operations[operation]?.input?.shape ?? ''];
      return m.shapes[input?.members?.[member]?.shape ?? '']?.sensitive === true;
    };
    for (const [service, operation, member] of [
      ['ssm', 'PutParameter', 'Value'],
      ['kms', 'Encrypt', 'Plaintext'],
      ['secretsmanager', 'CreateSecret', 'SecretString'],
      ['secretsmanager', 'CreateSecret', 'SecretBinary'],
      ['secretsmanager', 'PutSecretValue', 'SecretString'],
      ['secretsmanager', 'PutSecretValue', 'SecretBinary'],
      ['secretsmanager', 'PutSecretValue', 'RotationToken'],
      ['secretsmanager', 'UpdateSecret', 'SecretString'],
      ['secretsmanager', 'UpdateSecret', 'SecretBinary'],
    ] as const) {
      assert.ok(sensitive(service, operation, member), `${service} ${operation}.${member} is sensitive`);
    }
  });
});
