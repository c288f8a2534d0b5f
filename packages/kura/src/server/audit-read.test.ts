// Reading a data directory's audit files back (`kura audit --data`): rotated files first, oldest
// first, then the current one; a time range and a replica select; a line cut short is skipped.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { AuditReadError, auditFiles, readAudit, type AuditRange } from './audit-read.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const line = (id: string, time: string, replica?: string) =>
  `${JSON.stringify({ eventTime: time, requestID: id, ...(replica ? { additionalEventData: { replica } } : {}) })}\n`;

/** A data directory whose audit files were written (and rotated) in the order of their names here. */
function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kura-audit-read-'));
  dirs.push(dir);
  const audit = path.join(dir, 'audit');
  mkdirSync(audit);
  // Two rotations in one millisecond: the second file has a number; the current file is the newest.
  writeFileSync(path.join(audit, 'audit-2026-03-01T10-00-00-000Z.jsonl'), line('1', '2026-03-01T09:59:58Z', 'a') + line('2', '2026-03-01T09:59:59Z', 'b'));
  writeFileSync(path.join(audit, 'audit-2026-03-01T10-00-00-000Z-1.jsonl'), line('3', '2026-03-01T10:00:00Z', 'a'));
  writeFileSync(path.join(audit, 'audit-2026-02-28T23-00-00-000Z.jsonl'), line('0', '2026-02-28T22:00:00Z'));
  writeFileSync(path.join(audit, 'audit.jsonl'), line('4', '2026-03-01T10:00:01Z', 'b') + line('5', '2026-03-01T11:00:00Z', 'a') + '{"eventTime":"2026-03-01T11:0');
  writeFileSync(path.join(audit, 'notes.txt'), 'not an audit file\n');
  return dir;
}

async function ids(dir: string, range: AuditRange = {}): Promise<string[]> {
  const read: string[] = [];
  for await (const text of readAudit({ dataDir: dir }, range)) read.push((JSON.parse(text) as { requestID: string }).requestID);
  return read;
}

describe('the audit files of a data directory', () => {
  test('are read rotated files first, by their time and number, then the current one', async () => {
    const dir = dataDir();
    assert.deepEqual(
      auditFiles(dir).map((f) => path.basename(f)),
      ['audit-2026-02-28T23-00-00-000Z.jsonl', 'audit-2026-03-01T10-00-00-000Z.jsonl', 'audit-2026-03-01T10-00-00-000Z-1.jsonl', 'audit.jsonl'],
    );
    assert.deepEqual(await ids(dir), ['0', '1', '2', '3', '4', '5'], 'every whole line once; the line cut short is not an event');
  });

  test('a time range (start included, end not) and a replica select', async () => {
    const dir = dataDir();
    const t = (iso: string) => Date.parse(iso);
    assert.deepEqual(await ids(dir, { since: t('2026-03-01T09:59:59Z'), until: t('2026-03-01T10:00:01Z') }), ['2', '3']);
    assert.deepEqual(await ids(dir, { replica: 'a' }), ['1', '3', '5']);
    assert.deepEqual(await ids(dir, { replica: 'b', since: t('2026-03-01T10:00:00Z') }), ['4']);
    assert.deepEqual(await ids(dir, { replica: 'c' }), []);
  });

  test('a directory without an audit log is said so', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kura-audit-read-'));
    dirs.push(dir);
    await assert.rejects(ids(dir), (error: Error) => error instanceof AuditReadError && error.message === `no audit log in ${path.join(dir, 'audit')}`);
  });
});
