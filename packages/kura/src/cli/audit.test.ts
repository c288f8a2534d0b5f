// `kura audit`'s options: where it reads (the store named, or a data directory), the time range, and
// the exact words of every refusal.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseAuditArgs, parseTime } from './audit.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const URL_ = 'postgres://kura:pw@db:5432/kura';
const parse = (args: string[], env: NodeJS.ProcessEnv = {}) => parseAuditArgs(args, env, NOW);
const refused = (args: string[], message: string, env: NodeJS.ProcessEnv = {}) => assert.throws(() => parse(args, env), { message });

describe('kura audit options', () => {
  test('reads the store named by --store or KURA_STORE, else the data directory', () => {
    assert.deepEqual(parse(['--store', URL_]), { source: { storeUrl: URL_ }, range: {} });
    assert.deepEqual(parse([], { KURA_STORE: URL_ }), { source: { storeUrl: URL_ }, range: {} });
    assert.deepEqual(parse([]), { source: { dataDir: path.resolve('.kura') }, range: {} });
    assert.deepEqual(parse([], { KURA_STORE: '' }), { source: { dataDir: path.resolve('.kura') }, range: {} }, 'an empty variable is unset');
    // An explicit --data reads the files of a server run with --audit-log file, KURA_STORE or not.
    assert.deepEqual(parse(['--data', '/srv/kura'], { KURA_STORE: URL_ }), { source: { dataDir: '/srv/kura' }, range: {} });
  });

  test('a time range and a replica', () => {
    assert.deepEqual(parse(['--store', URL_, '--since', '2026-03-01T10:00:00Z', '--until', '2026-03-02', '--replica', 'kura-a:4566']), {
      source: { storeUrl: URL_ },
      range: { since: Date.parse('2026-03-01T10:00:00Z'), until: Date.parse('2026-03-02T00:00:00Z'), replica: 'kura-a:4566' },
    });
  });

  test('times: ISO times and dates (UTC), or a span before now', () => {
    assert.equal(parseTime('--since', '2026-03-01T10:00:00Z', NOW), Date.parse('2026-03-01T10:00:00Z'));
    assert.equal(parseTime('--since', '2026-03-01T10:00:00.250+01:00', NOW), Date.parse('2026-03-01T09:00:00.250Z'));
    assert.equal(parseTime('--since', '2026-02-28', NOW), Date.parse('2026-02-28T00:00:00Z'));
    assert.equal(parseTime('--since', '90s', NOW), NOW - 90_000);
    assert.equal(parseTime('--since', '15m', NOW), NOW - 15 * 60_000);
    assert.equal(parseTime('--since', '2h', NOW), NOW - 2 * 3_600_000);
    assert.equal(parseTime('--since', '7d', NOW), NOW - 7 * 86_400_000);
  });

  test('refusals say what was wrong, never the store URL', () => {
    const time = (option: string, value: string) => `${option} takes a UTC time such as 2026-03-01T12:00:00Z or a span such as 15m, 2h, 7d; not '${value}'`;
    refused(['--since', 'yesterday'], time('--since', 'yesterday'));
    refused(['--until', '1w'], time('--until', '1w'));
    refused(['--since', '2026-03-01 10:00'], time('--since', '2026-03-01 10:00'));
    refused(['--since', '2026-03-01T25:00:00Z'], time('--since', '2026-03-01T25:00:00Z'));
    refused(['--since', '1h', '--until', '2h'], '--since must be before --until');
    refused(['--store', URL_, '--data', '/srv/kura'], 'give --store or --data, not both');
    refused(['--store', 'mysql://kura:pw@db/kura'], "--store must be a PostgreSQL URL (postgres:// or postgresql://), not a 'mysql:' one");
    refused([], "KURA_STORE must be a PostgreSQL URL (postgres:// or postgresql://), not a 'kura:' one", { KURA_STORE: 'kura:pw@db' });
    assert.throws(() => parse(['--follow']), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
  });

  test('--help', () => {
    assert.equal(parse(['--help']), 'help');
  });
});
