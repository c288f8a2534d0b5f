import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ParameterHead } from '../../store/parameters.js';
import { ServiceError } from '../../wire/errors.js';
import { matchesFilters, parseByPathFilters, parseDescribeFilters } from './filters.js';

function failure(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof ServiceError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a ServiceError');
}

function head(name: string, overrides: Partial<ParameterHead['latest']> = {}): ParameterHead {
  return {
    name,
    displayName: name,
    latest: {
      version: 1,
      type: 'String',
      value: Buffer.from('v'),
      keyId: null,
      description: null,
      allowedPattern: null,
      dataType: 'text',
      tier: 'Standard',
      policies: null,
      lastModifiedDate: new Date(0),
      lastModifiedUser: 'arn:aws:iam::123456789012:user/u',
      labels: [],
      ...overrides,
    },
  };
}

describe('DescribeParameters filters', () => {
  it('refuses Filters and ParameterFilters together', () => {
    assert.deepEqual(failure(() => parseDescribeFilters([{ Key: 'Name', Values: ['a'] }], [{ Key: 'Name', Values: ['a'] }])), {
      code: 'ValidationException',
      message: 'You can use either Filters or ParameterFilters in a single request.',
    });
  });

  it('refuses the Label key', () => {
    assert.deepEqual(failure(() => parseDescribeFilters(undefined, [{ Key: 'Label', Values: ['x'] }])), {
      code: 'InvalidFilterKey',
      message: 'The following filter key is not valid: Label. Valid filter keys include: [Path, Name, Type, KeyId, Tier].',
    });
  });

  it('reports missing values with the filter key', () => {
    assert.deepEqual(failure(() => parseDescribeFilters(undefined, [{ Key: 'Type' }])), {
      code: 'InvalidFilterValue',
      message: 'The following filter values are missing : null for filter key Type.',
    });
  });

  it('refuses a duplicated key', () => {
    const error = failure(() => parseDescribeFilters(undefined, [{ Key: 'Name', Values: ['a'] }, { Key: 'Name', Values: ['b'] }]));
    assert.equal(error.code, 'InvalidFilterKey');
    assert.equal(
      error.message,
      'The following filter is duplicated in the request: Name. A request can contain only one occurrence of a specific filter.',
    );
  });

  it('refuses an invalid type value and option', () => {
    assert.deepEqual(failure(() => parseDescribeFilters(undefined, [{ Key: 'Type', Values: ['test'] }])), {
      code: 'InvalidFilterOption',
      message: 'The following filter value is not valid: test. Valid values include: [String, StringList, SecureString].',
    });
    assert.deepEqual(failure(() => parseDescribeFilters(undefined, [{ Key: 'Type', Option: 'option', Values: ['String'] }])), {
      code: 'InvalidFilterOption',
      message: 'The following filter option is not valid: option. Valid options include: [BeginsWith, Equals].',
    });
  });

  it('applies the Path option and value rules', () => {
    assert.deepEqual(failure(() => parseDescribeFilters(undefined, [{ Key: 'Path', Option: 'Equals', Values: ['/a'] }])), {
      code: 'InvalidFilterOption',
      message: 'The following filter option is not valid: Equals. Valid options include: [Recursive, OneLevel].',
    });
    assert.match(failure(() => parseDescribeFilters(undefined, [{ Key: 'Path', Values: ['/aws/x'] }])).message, /^Filters for common parameters/);
    assert.match(failure(() => parseDescribeFilters(undefined, [{ Key: 'Path', Values: ['a/b'] }])).message, /^The parameter doesn't meet/);
  });

  it('matches names with leading-slash normalisation', () => {
    const q = parseDescribeFilters(undefined, [{ Key: 'Name', Values: ['param'] }]);
    assert.equal(matchesFilters(q, head('/param'), undefined), true);
    const begins = parseDescribeFilters(undefined, [{ Key: 'Name', Option: 'BeginsWith', Values: ['/pa'] }]);
    assert.equal(matchesFilters(begins, head('/param'), undefined), true);
    assert.equal(matchesFilters(begins, head('/x/param'), undefined), false);
    const contains = parseDescribeFilters(undefined, [{ Key: 'Name', Option: 'Contains', Values: ['ara'] }]);
    assert.equal(matchesFilters(contains, head('/x/param'), undefined), true);
  });

  it('matches Path one level and recursively', () => {
    const one = parseDescribeFilters(undefined, [{ Key: 'Path', Values: ['/a'] }]);
    assert.equal(matchesFilters(one, head('/a/b'), undefined), true);
    assert.equal(matchesFilters(one, head('/a/b/c'), undefined), false);
    const deep = parseDescribeFilters(undefined, [{ Key: 'Path', Option: 'Recursive', Values: ['/a/'] }]);
    assert.equal(matchesFilters(deep, head('/a/b/c'), undefined), true);
    assert.equal(matchesFilters(deep, head('/ab'), undefined), false);
    const root = parseDescribeFilters(undefined, [{ Key: 'Path', Values: ['/'] }]);
    assert.equal(matchesFilters(root, head('/top'), undefined), true);
    assert.equal(matchesFilters(root, head('/a/b'), undefined), false);
  });

  it('matches tags by existence, value and prefix', () => {
    const tags = [{ key: 'env', value: 'prod-eu' }];
    const exists = parseDescribeFilters(undefined, [{ Key: 'tag:env' }]);
    assert.equal(exists.needsTags, true);
    assert.equal(matchesFilters(exists, head('/a'), tags), true);
    assert.equal(matchesFilters(exists, head('/a'), []), false);
    const prefix = parseDescribeFilters(undefined, [{ Key: 'tag:env', Option: 'BeginsWith', Values: ['prod'] }]);
    assert.equal(matchesFilters(prefix, head('/a'), tags), true);
    const equals = parseDescribeFilters(undefined, [{ Key: 'tag:env', Values: ['prod'] }]);
    assert.equal(matchesFilters(equals, head('/a'), tags), false);
  });

  it('matches KeyId only on SecureString parameters', () => {
    const q = parseDescribeFilters(undefined, [{ Key: 'KeyId', Values: ['alias/aws/ssm'] }]);
    assert.equal(matchesFilters(q, head('/s', { type: 'SecureString', keyId: 'alias/aws/ssm' }), undefined), true);
    assert.equal(matchesFilters(q, head('/p'), undefined), false);
  });

  it('ANDs filters and ORs values', () => {
    const q = parseDescribeFilters(undefined, [
      { Key: 'Type', Values: ['String', 'StringList'] },
      { Key: 'Tier', Values: ['Advanced'] },
    ]);
    assert.equal(matchesFilters(q, head('/a', { tier: 'Advanced', type: 'StringList' }), undefined), true);
    assert.equal(matchesFilters(q, head('/a', { tier: 'Standard' }), undefined), false);
  });

  it('treats the deprecated Name filter as a prefix', () => {
    const q = parseDescribeFilters([{ Key: 'Name', Values: ['app'] }], undefined);
    assert.equal(matchesFilters(q, head('/app-db'), undefined), true);
    assert.equal(matchesFilters(q, head('/other'), undefined), false);
  });
});

describe('GetParametersByPath filters', () => {
  it('allows only Type, KeyId and Label', () => {
    for (const key of ['Name', 'Path', 'Tier', 'DataType', 'tag:x']) {
      assert.deepEqual(failure(() => parseByPathFilters([{ Key: key, Values: ['v'] }])), {
        code: 'InvalidFilterKey',
        message: `The following filter key is not valid: ${key}. Valid filter keys include: [Type, KeyId].`,
      });
    }
    assert.deepEqual(parseByPathFilters([{ Key: 'Label', Values: ['prod'] }]).labels, ['prod']);
  });
});
