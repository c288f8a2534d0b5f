import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CommandLineError, containerArgv, parseContainerCommand, splitCommand } from './command-line.js';

describe('splitCommand', () => {
  it('splits words as sh does, without expanding anything', () => {
    assert.deepEqual(splitCommand('node dist/server.js'), ['node', 'dist/server.js']);
    assert.deepEqual(splitCommand(`  sh -c 'echo "$HOME" && exit 3'  `), ['sh', '-c', 'echo "$HOME" && exit 3']);
    assert.deepEqual(splitCommand('printf "a \\"b\\" $X" x\\ y \'\''), ['printf', 'a "b" $X', 'x y', '']);
  });

  it('takes a JSON list as the exact argv', () => {
    assert.deepEqual(splitCommand('["python3", "-c", "print(1)"]'), ['python3', '-c', 'print(1)']);
    assert.throws(() => splitCommand('[1, 2]'), CommandLineError);
  });

  it('refuses unterminated quotes and empty commands', () => {
    assert.throws(() => splitCommand('node "x'), /unterminated " quote/);
    assert.throws(() => splitCommand('   '), /empty command/);
  });
});

describe('containerArgv', () => {
  const c = { name: 'app', image: 'posts-api', entryPoint: ['./docker-entrypoint.sh'], command: ['./server'] };
  it('is entryPoint + command, or the override in their place', () => {
    assert.deepEqual(containerArgv(c, undefined), ['./docker-entrypoint.sh', './server']);
    assert.deepEqual(containerArgv(c, ['node', 'x.js']), ['node', 'x.js']);
  });
  it('asks for a program when the image would have supplied it', () => {
    assert.throws(() => containerArgv({ ...c, entryPoint: [], command: [] }, undefined), /container 'app' has no entryPoint or command.*--container-command app=CMD/);
  });
  it('reads NAME=CMD', () => {
    assert.deepEqual(parseContainerCommand('web=node a=b.js'), { name: 'web', argv: ['node', 'a=b.js'] });
    assert.throws(() => parseContainerCommand('=node'), /NAME=COMMAND/);
  });
});
