import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServiceError } from '../../wire/errors.js';
import { canonicalName, nameInArn, normalizePath, parameterArn, parseParameterRef, validateReadName, validateWriteName } from './names.js';

const R = 'us-east-1';
const A = '123456789012';
const LONG_PATH_MESSAGE = /^Parameter name: can't be prefixed with "ssm" \(case-insensitive\)\. If formed as a path/;

function codeOf(fn: () => unknown): { code: string; message: string } | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ServiceError) return { code: error.code, message: error.message };
    throw error;
  }
  return undefined;
}

describe('parameter names', () => {
  it('treats /foo and foo as one canonical name and one ARN', () => {
    assert.equal(canonicalName('foo'), '/foo');
    assert.equal(canonicalName('/foo'), '/foo');
    assert.equal(parameterArn(R, A, 'foo'), 'arn:aws:ssm:us-east-1:123456789012:parameter/foo');
    assert.equal(parameterArn(R, A, '/foo'), parameterArn(R, A, 'foo'));
    assert.equal(parameterArn(R, A, '/a/b'), 'arn:aws:ssm:us-east-1:123456789012:parameter/a/b');
  });

  it('keeps /Test/TestParam1 and /TestParam1 apart', () => {
    assert.notEqual(canonicalName('/Test/TestParam1'), canonicalName('/TestParam1'));
  });

  it('uses the partition of the region in ARNs', () => {
    assert.equal(parameterArn('cn-north-1', A, 'x'), 'arn:aws-cn:ssm:cn-north-1:123456789012:parameter/x');
  });

  it('refuses a name that still has spaces at its ends: trimming happens once, before authorization (normalize.ts)', () => {
    assert.equal(codeOf(() => validateWriteName('  foo ', R, A))?.code, 'ValidationException');
    assert.equal(codeOf(() => validateReadName(' /foo'))?.code, 'ValidationException');
  });

  for (const bad of ['MyParameter3/L1', '//a', '/a/', '/', '/a//b', 'a b', '/a/./b@', 'x:1', '/a/ü']) {
    it(`rejects the malformed name ${JSON.stringify(bad)} with AWS's path message`, () => {
      const error = codeOf(() => validateWriteName(bad, R, A));
      assert.equal(error?.code, 'ValidationException');
      assert.match(error?.message ?? '', LONG_PATH_MESSAGE);
    });
  }

  it('rejects a name with a reserved aws prefix', () => {
    for (const name of ['awsTest', 'AWS-x', '/awsfoo', 'SSM-x', 'ssm']) {
      assert.deepEqual(codeOf(() => validateWriteName(name, R, A)), {
        code: 'ValidationException',
        message: 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
      });
    }
  });

  it('denies writes under /aws as a reserved path', () => {
    assert.deepEqual(codeOf(() => validateWriteName('/aws/foo', R, A)), {
      code: 'AccessDeniedException',
      message: 'No access to reserved parameter name: /aws/foo.',
    });
  });

  it('rejects writes under /ssm with the path message', () => {
    assert.match(codeOf(() => validateWriteName('/Ssm/foo', R, A))?.message ?? '', LONG_PATH_MESSAGE);
  });

  // AWS's rule is per level: "a mix of letters, numbers and the following 3 symbols .-_", so `.` and
  // `..` are levels like any other, and nothing resolves them (no report or emulator shows otherwise).
  for (const name of ['/goecssample/../prod/db/password', '/a/./b', '/..', '..', '.', 'a..b', '/a/...']) {
    it(`accepts ${JSON.stringify(name)} and keeps its . and .. levels as written`, () => {
      assert.equal(validateWriteName(name, R, A), name);
      assert.equal(validateReadName(name), name);
      assert.equal(parameterArn(R, A, name), `arn:aws:ssm:us-east-1:123456789012:parameter${canonicalName(name)}`);
    });
  }

  it('never resolves a .. level: /goecssample/../prod/db/password is not /prod/db/password', () => {
    assert.equal(canonicalName('/goecssample/../prod/db/password'), '/goecssample/../prod/db/password');
    assert.equal(normalizePath('/goecssample/../'), '/goecssample/..');
  });

  it('accepts 15 levels and rejects 16', () => {
    const fifteen = Array.from({ length: 15 }, (_, i) => `/L${i}`).join('');
    assert.equal(validateWriteName(fifteen, R, A), fifteen);
    assert.equal(codeOf(() => validateWriteName(`${fifteen}/x`, R, A))?.code, 'HierarchyLevelLimitExceededException');
  });

  it('counts the ARN prefix toward the 1011-character limit', () => {
    const prefix = 'arn:aws:ssm:us-east-1:123456789012:parameter/'.length;
    const fits = 'a'.repeat(1011 - prefix);
    assert.equal(validateWriteName(fits, R, A), fits);
    assert.equal(codeOf(() => validateWriteName(`${fits}a`, R, A))?.code, 'ValidationException');
  });

  it('lets reads name reserved prefixes', () => {
    assert.equal(validateReadName('/aws/service/ami'), '/aws/service/ami');
  });
});

describe('parameter identifiers', () => {
  it('parses a plain name, a version and a label selector', () => {
    assert.deepEqual(parseParameterRef('foo', R, A, true), { found: true, echo: 'foo', canonical: '/foo' });
    assert.deepEqual(parseParameterRef('/a/b:3', R, A, true), {
      found: true,
      echo: '/a/b',
      canonical: '/a/b',
      selector: { kind: 'version', version: 3, text: '3' },
    });
    assert.deepEqual(parseParameterRef('foo:prod', R, A, true), {
      found: true,
      echo: 'foo',
      canonical: '/foo',
      selector: { kind: 'label', label: 'prod', text: 'prod' },
    });
  });

  it('treats two selectors as not found', () => {
    assert.deepEqual(parseParameterRef('test-2:2:3', R, A, true), { found: false });
  });

  it('parses an ARN of this account and region, with a selector, naming the parameter by its name', () => {
    const arn = `arn:aws:ssm:${R}:${A}:parameter/a/b`;
    assert.deepEqual(parseParameterRef(`${arn}:2`, R, A, true), {
      found: true,
      echo: '/a/b',
      canonical: '/a/b',
      selector: { kind: 'version', version: 2, text: '2' },
    });
    assert.deepEqual(parseParameterRef(`arn:aws:ssm:${R}:${A}:parameter/x`, R, A, false), { found: true, echo: 'x', canonical: '/x' });
  });

  it('reads the name back out of an ARN as parameterArn wrote it', () => {
    assert.equal(nameInArn('/foo'), 'foo');
    assert.equal(nameInArn('/foo/bar'), '/foo/bar');
    for (const name of ['foo', '/a/b', '/a/b/c']) {
      assert.equal(nameInArn(parameterArn(R, A, name).slice(`arn:aws:ssm:${R}:${A}:parameter`.length)), name);
    }
  });

  it('treats an ARN of another account or region as not found', () => {
    assert.deepEqual(parseParameterRef(`arn:aws:ssm:${R}:999999999999:parameter/x`, R, A, true), { found: false });
    assert.deepEqual(parseParameterRef(`arn:aws:ssm:eu-west-1:${A}:parameter/x`, R, A, true), { found: false });
  });

  it('rejects a malformed name inside an identifier', () => {
    assert.equal(codeOf(() => parseParameterRef('//a', R, A, true))?.code, 'ValidationException');
  });
});

describe('paths', () => {
  it('accepts a trailing slash and the root', () => {
    assert.equal(normalizePath('/a/b/'), '/a/b');
    assert.equal(normalizePath('/'), '/');
  });

  it('rejects a path without a leading slash', () => {
    assert.equal(codeOf(() => normalizePath('a/b'))?.code, 'ValidationException');
  });
});
