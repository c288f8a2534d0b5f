import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { confirm } from './confirm.js';

function terminal(answer: string | undefined) {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = new PassThrough();
  let shown = '';
  output.on('data', (d: Buffer) => (shown += d.toString()));
  setImmediate(() => (answer === undefined ? input.end() : input.write(answer)));
  return { input, output, shown: () => shown };
}

describe('confirmation', () => {
  it('says yes only for y or yes typed at a terminal', async () => {
    for (const [typed, expected] of [['y\n', 'yes'], ['YES\n', 'yes'], ['n\n', 'no'], ['\n', 'no'], ['yep\n', 'no']] as const) {
      const t = terminal(typed);
      assert.equal(await confirm({ input: t.input, output: t.output, question: 'Delete 3?' }), expected, typed);
      assert.match(t.shown(), /Delete 3\? \[y\/N\] /);
    }
  });

  it('takes a closed terminal as no', async () => {
    const t = terminal(undefined);
    assert.equal(await confirm({ input: t.input, output: t.output, question: 'Delete?' }), 'no');
  });

  it('never reads an answer from something that is not a terminal', async () => {
    const input = new PassThrough();
    input.end('y\n');
    assert.equal(await confirm({ input, output: new PassThrough(), question: 'Delete?' }), 'no-terminal');
  });
});
