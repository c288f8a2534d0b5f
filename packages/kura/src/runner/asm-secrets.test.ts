import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goValueString, isSecretsManagerArn, parseAsmValueFrom } from './asm-secrets.js';
import { SecretsError } from './secrets-failure.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf';

describe('Secrets Manager valueFrom', () => {
  it('names the whole secret by its ARN alone', () => {
    assert.deepEqual(parseAsmValueFrom(ARN), { secretId: ARN, region: 'eu-west-1' });
  });

  it('reads json-key, version-stage and version-id, each of them optional', () => {
    const id = '01234567-89ab-cdef-0123-456789abcdef';
    assert.deepEqual(parseAsmValueFrom(`${ARN}:password::`), { secretId: ARN, region: 'eu-west-1', jsonKey: 'password' });
    assert.deepEqual(parseAsmValueFrom(`${ARN}::AWSPREVIOUS:`), { secretId: ARN, region: 'eu-west-1', versionStage: 'AWSPREVIOUS' });
    assert.deepEqual(parseAsmValueFrom(`${ARN}:::${id}`), { secretId: ARN, region: 'eu-west-1', versionId: id });
    assert.deepEqual(parseAsmValueFrom(`${ARN}:username:AWSCURRENT:${id}`), {
      secretId: ARN,
      region: 'eu-west-1',
      jsonKey: 'username',
      versionStage: 'AWSCURRENT',
      versionId: id,
    });
    assert.deepEqual(parseAsmValueFrom(`${ARN}:::`), { secretId: ARN, region: 'eu-west-1' });
  });

  it('refuses other shapes with the agent\'s message, before any call', () => {
    for (const bad of [`${ARN}:password`, `${ARN}:a:b`, `${ARN}:a:b:c:d`, 'arn:aws:secretsmanager:eu-west-1:1:notsecret:x', 'arn:aws:secretsmanager::1:secret:x', 'arn:aws:secretsmanager:eu-west-1:1:secret:']) {
      assert.throws(
        () => parseAsmValueFrom(bad),
        (error: unknown) =>
          error instanceof SecretsError &&
          error.message ===
            `ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: trying to retrieve secret with value ${bad} resulted in error: an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again.`,
        bad,
      );
    }
  });

  it('tells Secrets Manager ARNs from parameters', () => {
    assert.equal(isSecretsManagerArn(ARN), true);
    assert.equal(isSecretsManagerArn('arn:aws:ssm:eu-west-1:1:parameter/x'), false);
    assert.equal(isSecretsManagerArn('/goecssample/database/sample/master/password'), false);
  });
});

describe('a JSON field as the agent prints it (Go %v)', () => {
  it('prints strings, booleans and null as Go does', () => {
    assert.equal(goValueString('s3cr3t'), 's3cr3t');
    assert.equal(goValueString(true), 'true');
    assert.equal(goValueString(null), '<nil>');
  });

  it('prints numbers in Go\'s shortest form, with an exponent from 1e6 and below 1e-4', () => {
    const cases: [number, string][] = [
      [3306, '3306'],
      [0, '0'],
      [-12.5, '-12.5'],
      [123456, '123456'],
      [1000000, '1e+06'],
      [1234567, '1.234567e+06'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [1e21, '1e+21'],
      [-2.5e-7, '-2.5e-07'],
    ];
    for (const [n, text] of cases) assert.equal(goValueString(n), text, String(n));
  });

  it('prints objects as Go maps with sorted keys, arrays as slices', () => {
    assert.equal(goValueString({ b: 1, a: 'x' }), 'map[a:x b:1]');
    assert.equal(goValueString([1, 'two', [3]]), '[1 two [3]]');
  });
});
