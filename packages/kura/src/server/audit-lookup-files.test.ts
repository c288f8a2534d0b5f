import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, test } from 'node:test';
import type { AuditEvent } from '../gateway/audit.js';
import type { AuditLookup, AuditLookupQuery } from '../services/context.js';
import { fileAuditLookup, linesBackward } from './audit-lookup-files.js';
import { openAuditLog } from './audit-log.js';
import type { Logger } from './logger.js';

const logger: Logger = { log: () => undefined };
const roots: string[] = [];
afterEach(() => {
  for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function auditDir(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'kura-lookup-'));
  roots.push(root);
  return path.join(root, 'audit');
}

function event(n: number, second = n, eventName = 'GetParameter'): AuditEvent {
  return {
    eventVersion: '1.11',
    userIdentity: { type: 'Unknown' },
    eventTime: new Date(Date.UTC(2026, 2, 1, 0, 0, second)).toISOString().replace('.000', ''),
    eventName,
    sourceIPAddress: '127.0.0.1',
    requestParameters: null,
    responseElements: null,
    requestID: `r${n}`,
    eventID: `e${n}`,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '123456789012',
    eventCategory: 'Management',
    additionalEventData: { replica: 'test-replica' },
  };
}

const ids = (texts: string[]) => texts.map((t) => (JSON.parse(t) as AuditEvent).eventID);
const query = (extra: Partial<AuditLookupQuery> = {}): AuditLookupQuery => ({ accept: () => true, limit: 50, scanLimit: 10_000, ...extra });

async function all(lookup: AuditLookup, extra: Partial<AuditLookupQuery>): Promise<{ ids: string[]; pages: number }> {
  const found: string[] = [];
  let after: string | undefined;
  let pages = 0;
  do {
    const page = await lookup.newest(query({ ...extra, ...(after !== undefined ? { after } : {}) }));
    found.push(...ids(page.events));
    after = page.next;
    pages += 1;
  } while (after !== undefined);
  return { ids: found, pages };
}

describe('the audit files read newest first (LookupEvents)', () => {
  test('pages through every event, newest first, across rotated files', async () => {
    const dir = auditDir();
    const log = openAuditLog({ dir, maxBytes: 2_000, onFailure: 'fail', logger });
    for (let n = 1; n <= 40; n += 1) await log.write(event(n));
    assert.ok(readdirSync(dir).length > 3, 'the log rotated several times');
    const { ids: found, pages } = await all(log.lookup ?? assert.fail('no lookup'), { limit: 7 });
    assert.deepEqual(found, Array.from({ length: 40 }, (_, i) => `e${40 - i}`));
    assert.equal(pages, 6);
    log.close();
  });

  test('a page token stays right while events are appended and the log rotates', async () => {
    const dir = auditDir();
    const log = openAuditLog({ dir, maxBytes: 3_000, onFailure: 'fail', logger });
    for (let n = 1; n <= 10; n += 1) await log.write(event(n));
    const lookup = fileAuditLookup(dir);
    const first = await lookup.newest(query({ limit: 4 }));
    assert.deepEqual(ids(first.events), ['e10', 'e9', 'e8', 'e7']);
    // Enough newer events to rotate audit.jsonl (which held the token's event) away.
    for (let n = 11; n <= 30; n += 1) await log.write(event(n));
    const second = await lookup.newest(query({ limit: 4, after: first.next ?? assert.fail('no next') }));
    assert.deepEqual(ids(second.events), ['e6', 'e5', 'e4', 'e3']);
    log.close();
  });

  test('the time range includes both ends and stops at the first older event', async () => {
    const dir = auditDir();
    const log = openAuditLog({ dir, onFailure: 'fail', logger });
    for (let n = 1; n <= 10; n += 1) await log.write(event(n));
    const at = (second: number) => Date.UTC(2026, 2, 1, 0, 0, second);
    const { ids: found } = await all(fileAuditLookup(dir), { since: at(3), until: at(6) });
    assert.deepEqual(found, ['e6', 'e5', 'e4', 'e3']);
    log.close();
  });

  test('only accepted events fill a page; the scan bound ends a page early with a position', async () => {
    const dir = auditDir();
    const log = openAuditLog({ dir, onFailure: 'fail', logger });
    for (let n = 1; n <= 30; n += 1) await log.write(event(n, n, n % 10 === 0 ? 'PutParameter' : 'GetParameter'));
    const accept = (parsed: unknown) => (parsed as { eventName?: string }).eventName === 'PutParameter';
    const page = await fileAuditLookup(dir).newest(query({ accept, limit: 5, scanLimit: 15 }));
    assert.deepEqual(ids(page.events), ['e30', 'e20']);
    assert.ok(page.next !== undefined, 'the page was cut by the scan bound');
    const rest = await fileAuditLookup(dir).newest(query({ accept, limit: 5, scanLimit: 15, after: page.next }));
    assert.deepEqual(ids(rest.events), ['e10']);
    log.close();
  });

  test('a damaged line is passed over', async () => {
    const dir = auditDir();
    const log = openAuditLog({ dir, onFailure: 'fail', logger });
    await log.write(event(1));
    appendFileSync(path.join(dir, 'audit.jsonl'), '{"eventID": "cut sho\n');
    await log.write(event(2));
    const { ids: found } = await all(fileAuditLookup(dir), {});
    assert.deepEqual(found, ['e2', 'e1']);
    log.close();
  });
});

describe('linesBackward', () => {
  test('gives every line with its offset, lines longer than a chunk included', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'kura-lines-'));
    roots.push(root);
    const file = path.join(root, 'f');
    const lines = ['a', 'é'.repeat(70_000), '', 'b'.repeat(65_536), 'c'];
    writeFileSync(file, `${lines.join('\n')}\n`);
    const got: { text: string; start: number }[] = [];
    for await (const line of linesBackward(file, Buffer.byteLength(`${lines.join('\n')}\n`))) got.push(line);
    const expected = lines
      .map((text, i) => ({ text, start: Buffer.byteLength(lines.slice(0, i).map((l) => `${l}\n`).join('')) }))
      .filter((l) => l.text !== '')
      .reverse();
    assert.deepEqual(got, expected);
  });
});
