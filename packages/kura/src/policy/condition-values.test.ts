// Typed condition values: the readers the Numeric, Date, IpAddress and BinaryEquals operators use.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cidrContains, readBase64, readCidr, readDate, readIp, readNumber } from './condition-values.js';

describe('condition value readers', () => {
  it('reads numbers as AWS writes them and nothing else', () => {
    assert.equal(readNumber('10'), 10);
    assert.equal(readNumber('-1.5'), -1.5);
    assert.equal(readNumber('1e3'), 1000);
    assert.equal(readNumber('.5'), 0.5);
    for (const bad of ['', 'ten', '0x10', '1,5', 'Infinity', '1e999', '${aws:x}']) assert.equal(readNumber(bad), undefined, bad);
  });

  it('reads ISO 8601 dates, AWS lenient forms and epoch seconds to the same instant', () => {
    const t = Date.UTC(2020, 0, 1);
    assert.equal(readDate('2020-01-01T00:00:00Z'), t);
    assert.equal(readDate('2020-01-01T00:00:00.000Z'), t);
    assert.equal(readDate('2020-01-01'), t);
    assert.equal(readDate('2020'), 2020 * 1000, 'digits only are epoch seconds');
    assert.equal(readDate('1577836800'), t);
    assert.equal(readDate('2020-01-01T01:00:00+01:00'), t);
    assert.equal(readDate('2019-12-31T19:00:00-0500'), t);
    assert.equal(readDate('2016-12-13t2:00:00.5+23'), Date.UTC(2016, 11, 13, 2, 0, 0, 500) - 23 * 3_600_000);
    assert.equal(readDate('0099-01-01'), new Date('0099-01-01T00:00:00Z').getTime(), 'two-digit years are not moved to the 1900s');
    for (const bad of ['', 'yesterday', '2020-01-01T00:00:00+5', '2020/01/01', '99999999999999999999']) assert.equal(readDate(bad), undefined, bad);
  });

  it('reads IPv4 and IPv6 addresses and CIDR blocks', () => {
    assert.deepEqual(readIp('10.0.0.1'), { version: 4, value: 0x0a000001n });
    assert.deepEqual(readIp('::1'), { version: 6, value: 1n });
    assert.deepEqual(readIp('::ffff:1.2.3.4'), { version: 6, value: 0xffff01020304n });
    assert.equal(readIp('fe80::1%eth0'), undefined);
    assert.equal(readIp('10.0.0.256'), undefined);
    assert.deepEqual(readCidr('203.0.113.0/24'), { version: 4, value: 0xcb007100n, prefix: 24 });
    assert.equal(readCidr('203.0.113.7')?.prefix, 32);
    assert.equal(readCidr('2001:db8::')?.prefix, 128);
    for (const bad of ['10.0.0.0/33', '2001:db8::/129', '10.0.0.0/', '10.0.0.0/-1', 'x/8']) assert.equal(readCidr(bad), undefined, bad);
  });

  it('tests containment within the same address family only', () => {
    const net = readCidr('2001:DB8:1234:5678::/64');
    const v4 = readCidr('0.0.0.0/0');
    assert.ok(net !== undefined && v4 !== undefined);
    assert.equal(cidrContains(net, readIp('2001:db8:1234:5678:ffff::1') ?? { version: 4, value: 0n }), true);
    assert.equal(cidrContains(net, readIp('2001:db8:1234:5679::1') ?? { version: 4, value: 0n }), false);
    assert.equal(cidrContains(v4, readIp('::ffff:10.0.0.1') ?? { version: 4, value: 0n }), false);
    assert.equal(cidrContains(v4, readIp('10.0.0.1') ?? { version: 6, value: 0n }), true);
  });

  it('normalizes base64 so padding and line breaks do not matter', () => {
    assert.equal(readBase64('QmluYXJ5VmFsdWVJbkJhc2U2NA=='), readBase64('QmluYXJ5VmFs\r\ndWVJbkJhc2U2NA=='));
    assert.equal(readBase64('not base64!'), undefined);
  });
});
