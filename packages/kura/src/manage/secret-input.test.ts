import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { readSecretInput } from './secret-input.js';

const dir = mkdtempSync(path.join(tmpdir(), 'kura-secret-input-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const stdin = (bytes: string | Buffer, isTTY = false) => Object.assign(Readable.from([Buffer.from(bytes)]), { isTTY });
const file = (name: string, bytes: string | Buffer) => {
  const full = path.join(dir, name);
  writeFileSync(full, bytes);
  return full;
};

describe('where a secret value comes from', () => {
  it('stdin by default, without one trailing newline; --file - is stdin too', async () => {
    assert.deepEqual(await readSecretInput({ binary: false, stdin: stdin('s3cret\n') }), { SecretString: 's3cret' });
    assert.deepEqual(await readSecretInput({ file: '-', binary: false, stdin: stdin('{"a":1}\r\n\n') }), { SecretString: '{"a":1}\r\n' });
  });

  it('a file byte for byte (a PEM keeps its last newline); --value as given', async () => {
    const pem = '-----BEGIN KEY-----\nabc\n-----END KEY-----\n';
    assert.deepEqual(await readSecretInput({ file: file('key.pem', pem), binary: false, stdin: stdin('') }), { SecretString: pem });
    assert.deepEqual(await readSecretInput({ value: ' spaced \n', binary: false, stdin: stdin('') }), { SecretString: ' spaced \n' });
  });

  it('--binary keeps the bytes of a file or stdin; text that is not UTF-8 is refused rather than altered', async () => {
    const bytes = Buffer.from([0xff, 0x00, 0x0a]);
    assert.deepEqual(await readSecretInput({ file: file('blob', bytes), binary: true, stdin: stdin('') }), { SecretBinary: new Uint8Array(bytes) });
    assert.deepEqual(await readSecretInput({ binary: true, stdin: stdin(bytes) }), { SecretBinary: new Uint8Array(bytes) });
    await assert.rejects(readSecretInput({ file: file('latin1', Buffer.from([0x63, 0x61, 0x66, 0xe9])), binary: false, stdin: stdin('') }), /is not UTF-8 text; store it as bytes with --binary/);
  });

  it('usage mistakes: both sources, --binary with --value, an empty value, a terminal, a missing file', async () => {
    const cases: Array<[Parameters<typeof readSecretInput>[0], RegExp]> = [
      [{ value: 'a', file: 'f', binary: false, stdin: stdin('') }, /--value or --file, not both/],
      [{ value: 'a', binary: true, stdin: stdin('') }, /--binary stores bytes from --file or stdin/],
      [{ value: '', binary: false, stdin: stdin('') }, /the value is empty/],
      [{ binary: false, stdin: stdin('\n') }, /the value is empty/],
      [{ binary: false, stdin: stdin('x', true) }, /give the value on stdin/],
      [{ file: path.join(dir, 'missing'), binary: false, stdin: stdin('') }, /cannot read --file .*missing: ENOENT/],
    ];
    for (const [choice, message] of cases) await assert.rejects(readSecretInput(choice), (error: Error) => error.name === 'UsageError' && message.test(error.message));
  });
});
