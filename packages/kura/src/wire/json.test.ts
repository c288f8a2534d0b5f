import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServiceError } from './errors.js';
import { jsonError, parseJsonBody } from './json.js';

/** The response a client gets for a body parseJsonBody refuses. */
function refused(body: Buffer): { status: number; body: unknown } {
  try {
    parseJsonBody(body);
  } catch (error) {
    assert.ok(error instanceof ServiceError, `expected a ServiceError, got ${String(error)}`);
    const wire = jsonError('req-1', error);
    return { status: wire.status, body: JSON.parse(wire.body) };
  }
  assert.fail('expected the body to be refused');
}

const SERIALIZATION = { status: 400, body: { __type: 'SerializationException', Message: 'Start of structure or map found where not expected.' } };

describe('parseJsonBody', () => {
  it('keeps valid non-ASCII text exactly, escaped or not', () => {
    assert.deepEqual(parseJsonBody(Buffer.from('{"Value":"蔵 ✓ 😀"}', 'utf8')), { Value: '蔵 ✓ 😀' });
    assert.deepEqual(parseJsonBody(Buffer.from('{"Value":"\\u8535 \\u2713 \\ud83d\\ude00"}')), { Value: '蔵 ✓ 😀' });
  });

  it('reads an empty body as an empty input', () => {
    assert.deepEqual(parseJsonBody(Buffer.alloc(0)), {});
  });

  it('refuses a body that is not valid UTF-8 instead of storing U+FFFD', () => {
    const body = Buffer.concat([Buffer.from('{"Name":"/a","Value":"x'), Buffer.from([0xff, 0xfe]), Buffer.from('y"}')]);
    assert.deepEqual(refused(body), SERIALIZATION);
    assert.deepEqual(refused(Buffer.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d])), SERIALIZATION);
  });

  it('refuses a lone surrogate escape in a value or a key', () => {
    assert.deepEqual(refused(Buffer.from('{"Name":"/a","Value":"\\ud800"}')), SERIALIZATION);
    assert.deepEqual(refused(Buffer.from('{"Name":"/a","Value":"x\\udc00y"}')), SERIALIZATION);
    assert.deepEqual(refused(Buffer.from('{"EncryptionContext":{"\\ud800":"v"}}')), SERIALIZATION);
  });

  it('refuses malformed JSON with the same answer', () => {
    assert.deepEqual(refused(Buffer.from('{"Name": ')), SERIALIZATION);
  });
});
