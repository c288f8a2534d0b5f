import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dotLevelOf, envNameFor, isValidEnvName, refusalReason, relativeName } from './names.js';

describe('environment names from parameter names', () => {
  test('the reference design: database/sample/master/user under /goecssample', () => {
    assert.equal(envNameFor(relativeName('/goecssample', '/goecssample/database/sample/master/user')!), 'DATABASE_SAMPLE_MASTER_USER');
  });

  test('--prefix DB_ gives the reference design names', () => {
    const path = '/goecssample/database/sample/master';
    const names = ['user', 'password', 'host', 'name', 'port'].map((leaf) => envNameFor(relativeName(path, `${path}/${leaf}`)!, 'DB_'));
    assert.deepEqual(names, ['DB_USER', 'DB_PASSWORD', 'DB_HOST', 'DB_NAME', 'DB_PORT']);
  });

  test('dashes, dots and nested levels become underscores; case is folded up', () => {
    assert.equal(envNameFor('db-password'), 'DB_PASSWORD');
    assert.equal(envNameFor('db.password'), 'DB_PASSWORD');
    assert.equal(envNameFor('a/b'), 'A_B');
    assert.equal(envNameFor('Foo'), envNameFor('FOO'));
  });

  test('a name that would start with a digit gets a leading underscore, unless the prefix covers it', () => {
    assert.equal(envNameFor('1st'), '_1ST');
    assert.equal(envNameFor('1st', 'APP_'), 'APP_1ST');
    assert.ok(isValidEnvName(envNameFor('9')));
  });

  test('relative names ignore leading and trailing slashes, and the root path', () => {
    assert.equal(relativeName('/app/', '/app/x'), 'x');
    assert.equal(relativeName('app', '/app/x/y'), 'x/y');
    assert.equal(relativeName('/', '/app/x'), 'app/x');
    assert.equal(relativeName('/', 'plain'), 'plain');
    assert.equal(relativeName('/app', '/application/x'), undefined);
    assert.equal(relativeName('/app', '/app'), undefined);
  });

  test('valid names', () => {
    for (const ok of ['A', '_', 'DB_HOST', 'a1']) assert.ok(isValidEnvName(ok), ok);
    for (const bad of ['', '1A', 'A-B', 'A B', 'A=B', 'É']) assert.ok(!isValidEnvName(bad), bad);
  });

  test('names that change how programs load are refused, whatever their case', () => {
    const names = ['LD_PRELOAD', 'LD_LIBRARY_PATH', 'ld_audit', 'NODE_OPTIONS', 'PATH', 'PYTHONPATH', 'BASH_ENV', 'JAVA_TOOL_OPTIONS', 'DYLD_INSERT_LIBRARIES', 'OPENSSL_CONF', 'openssl_modules'];
    for (const name of names) assert.equal(refusalReason(name), 'it changes how programs load', name);
  });

  test("names that redirect the program's AWS calls or credentials are refused, whatever their case", () => {
    const names = [
      'AWS_CONTAINER_CREDENTIALS_FULL_URI',
      'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
      'AWS_CONTAINER_AUTHORIZATION_TOKEN',
      'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
      'aws_container_credentials_full_uri',
      'AWS_WEB_IDENTITY_TOKEN_FILE',
      'AWS_ROLE_ARN',
      'AWS_ROLE_SESSION_NAME',
      'AWS_PROFILE',
      'AWS_DEFAULT_PROFILE',
      'Aws_Profile',
      'AWS_CONFIG_FILE',
      'AWS_SHARED_CREDENTIALS_FILE',
      'AWS_ENDPOINT_URL',
      'AWS_ENDPOINT_URL_SSM',
      'AWS_ENDPOINT_URL_STS',
      'AWS_ENDPOINT_URL_SECRETS_MANAGER',
      'aws_endpoint_url_s3',
      'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS',
      'AWS_EC2_METADATA_SERVICE_ENDPOINT',
      'AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE',
      'AWS_EC2_METADATA_DISABLED',
      'AWS_EC2_METADATA_V1_DISABLED',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_SECURITY_TOKEN',
      'AWS_ACCESS_KEY',
      'AWS_SECRET_KEY',
      'AWS_DATA_PATH',
    ];
    for (const name of names) assert.equal(refusalReason(name), "it changes where the program's AWS calls go or which credentials they use", name);
  });

  test("names that change what the program's connections trust or go through are refused, both cases of the proxies included", () => {
    const names = [
      'AWS_CA_BUNDLE',
      'NODE_EXTRA_CA_CERTS',
      'SSL_CERT_FILE',
      'SSL_CERT_DIR',
      'REQUESTS_CA_BUNDLE',
      'CURL_CA_BUNDLE',
      'NODE_TLS_REJECT_UNAUTHORIZED',
      'PYTHONHTTPSVERIFY',
      'SSLKEYLOGFILE',
      ...['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY'].flatMap((proxy) => [proxy, proxy.toLowerCase()]),
      'HOSTALIASES',
      'LOCALDOMAIN',
      'RES_OPTIONS',
    ];
    for (const name of names) assert.equal(refusalReason(name), "it changes which servers the program's connections trust or go through", name);
  });

  test('ordinary names, and the AWS settings that only choose among AWS endpoints, are not refused', () => {
    const names = ['DB_PATH', 'PATHS', 'NODE_ENV', 'HOME', 'DB_PASSWORD', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_USE_FIPS_ENDPOINT', 'AWS_MAX_ATTEMPTS', 'APP_AWS_ENDPOINT_URL', 'MY_HTTP_PROXY', 'AWS', 'AWS_ENDPOINT'];
    for (const name of names) assert.equal(refusalReason(name), undefined, name);
  });
});

describe('dot levels', () => {
  test('finds a . .. or empty level anywhere in the name, and nothing in names that merely contain dots', () => {
    assert.equal(dotLevelOf('/goecssample/../prod/db/password'), '..');
    assert.equal(dotLevelOf('/app/./x'), '.');
    assert.equal(dotLevelOf('..'), '..');
    assert.equal(dotLevelOf('/a//b'), '');
    for (const plain of ['/app/a..b', '/app/.hidden', '/app/x.', '/app/...', 'plain']) assert.equal(dotLevelOf(plain), undefined, plain);
  });
});
