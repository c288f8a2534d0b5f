// Condition operators and values: every AWS operator in every legal
// spelling is accepted and read back the same; anything else is refused at write time.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reasons } from './errors.js';
import { accept, doc, reason, s3Statement, V12 } from './testing/documents.js';
import { CONDITION_OPERATORS } from './types.js';

const withCondition = (condition: unknown, top: Record<string, unknown> = { Version: V12 }): string =>
  doc({ ...s3Statement, Condition: condition }, top);

const SAMPLE: Record<string, string> = {
  Date: '2024-03-09T12:00:00Z',
  Numeric: '10',
  IpAddress: '10.0.0.0/8',
  NotIpAddress: '2001:db8::/32',
  Null: 'true',
};
const sample = (operator: string): string =>
  SAMPLE[operator] ?? SAMPLE[operator.startsWith('Date') ? 'Date' : operator.startsWith('Numeric') ? 'Numeric' : ''] ?? 'value';

describe('parsePolicy condition operators', () => {
  it('accepts all 27 AWS operators, alone, with IfExists and with each set prefix (Null takes no IfExists)', () => {
    let checked = 0;
    for (const operator of CONDITION_OPERATORS) {
      for (const set of [undefined, 'ForAllValues', 'ForAnyValue'] as const) {
        for (const ifExists of operator === 'Null' ? [false] : [false, true]) {
          const name = `${set === undefined ? '' : `${set}:`}${operator}${ifExists ? 'IfExists' : ''}`;
          const [st] = accept(withCondition({ [name]: { 'aws:SomeKey': sample(operator) } })).statements;
          assert.deepEqual(st?.conditions, [{ operator, ifExists, set, key: 'aws:SomeKey', values: [sample(operator)] }], name);
          checked += 1;
        }
      }
    }
    assert.equal(checked, 26 * 3 * 2 + 3);
  });

  it('refuses misspelled, lower-cased, prefixed-twice and suffixed-twice operators', () => {
    for (const name of ['StringEqual', 'stringEquals', 'STRINGEQUALS', 'ForAllValues:ForAnyValue:StringEquals', 'StringEqualsIfExistsIfExists', 'ForAnyValue:', 'IpAddressIfExist', 'Bool ']) {
      assert.equal(reason(withCondition({ [name]: { k: 'v' } })), reasons.syntax, name);
    }
  });
});

describe('parsePolicy condition values', () => {
  it('accepts IPv4 and IPv6 addresses and CIDR blocks for IpAddress and NotIpAddress', () => {
    const values = ['203.0.113.7', '203.0.113.0/24', '0.0.0.0/0', '2001:db8::1', '2001:db8::/32', '::/0'];
    accept(withCondition({ IpAddress: { 'aws:SourceIp': values }, NotIpAddress: { 'aws:SourceIp': values } }));
  });

  it('refuses malformed addresses and prefix lengths, so a Deny cannot silently never match (Kura)', () => {
    for (const value of ['10.0.0.0/33', '10.0.0/8', '10.0.0.0/', 'localhost', '2001:db8::/129', '10.0.0.0/8x', '']) {
      assert.equal(reason(withCondition({ NotIpAddress: { 'aws:SourceIp': value } })), reasons.legacyParsing, value);
    }
  });

  it('accepts decimal numbers and refuses other text for Numeric operators (Kura)', () => {
    accept(withCondition({ NumericLessThan: { 's3:max-keys': ['10', '-1', '+2.5', '.5', '1e3'] } }));
    for (const value of ['ten', '', '1,000', '0x10', '1.2.3']) {
      assert.equal(reason(withCondition({ NumericEquals: { 's3:max-keys': value } })), reasons.legacyParsing, value);
    }
  });

  it('leaves a policy variable in a numeric or IP value to the evaluator when variables are active', () => {
    accept(withCondition({ NumericLessThan: { 'aws:MultiFactorAuthAge': '${aws:PrincipalTag/maxAge}' } }));
    assert.equal(
      reason(withCondition({ NumericLessThan: { 'aws:MultiFactorAuthAge': '${aws:PrincipalTag/maxAge}' } }, { Version: '2008-10-17' })),
      reasons.legacyParsing,
    );
  });

  it('accepts ISO 8601 dates in the forms AWS does, and epoch seconds', () => {
    const values = ['2017-07-01T00:00:00Z', '2016-12-13T21:20:37.593194+00:00', '2016-12-13T21:20:37-05:00', '2019-07-01', '1700000000', '0', '2019-07-01T13:20'];
    accept(withCondition({ DateGreaterThan: { 'aws:CurrentTime': values } }));
  });

  it('refuses dates AWS\'s legacy parser refuses', () => {
    for (const value of ['yesterday', '2019-13-01', '2019-01-32', '2019-01-01T24:00', '2019-01-01T10:60', '2019-01-01T10:00:61Z', '1-2-3-4', '1.5', '']) {
      assert.equal(reason(withCondition({ DateLessThan: { 'aws:CurrentTime': value } })), reasons.legacyParsing, value);
    }
  });

  it('checks dates under IfExists and set prefixes too', () => {
    assert.equal(reason(withCondition({ 'ForAnyValue:DateEqualsIfExists': { k: 'soon' } })), reasons.legacyParsing);
  });

  it('accepts any text for String, Arn, Bool, Binary and Null operators', () => {
    accept(withCondition({ StringLike: { k: ['', '*', '${weird'] }, ArnLike: { k: 'not-an-arn' }, Bool: { k: 'maybe' }, BinaryEquals: { k: 'QmluYXJ5' }, Null: { k: 'false' } }));
  });
});
