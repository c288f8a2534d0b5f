// `kura serve`'s rotation options, through parseServeArgs as the command line gives them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, parseServeArgs, SERVE_HELP, type ServeConfig } from './config.js';

const parse = (args: string[], env: NodeJS.ProcessEnv = {}) => (parseServeArgs(args, '/work', env) as ServeConfig).rotation;
const refused = (args: string[], message: RegExp, env: NodeJS.ProcessEnv = {}) => assert.throws(() => parseServeArgs(args, '/work', env), (e: unknown) => e instanceof ConfigError && message.test(e.message));

describe('kura serve rotation options', () => {
  it('registers nothing by default: a minute per step, the server’s own URL', () => {
    assert.deepEqual(parse([]), { functions: [], timeoutMs: 60_000 });
  });

  it('registers each function with its command and role (a name in the account, or an ARN)', () => {
    const rotation = parse([
      '--account-id', '123456789012',
      '--rotation-function', "rotate-db=kura rotation-function mysql-single-user",
      '--rotation-function', "rotate-api=python3 '/opt/rotate api/main.py'",
      '--rotation-role', 'rotate-db=db-rotator',
      '--rotation-role', 'rotate-api=arn:aws:iam::123456789012:role/service/api-rotator',
      '--rotation-timeout', '120',
      '--rotation-endpoint', 'https://kura.internal:4566',
    ]);
    assert.deepEqual(rotation, {
      functions: [
        { name: 'rotate-db', command: ['kura', 'rotation-function', 'mysql-single-user'], roleArn: 'arn:aws:iam::123456789012:role/db-rotator' },
        { name: 'rotate-api', command: ['python3', '/opt/rotate api/main.py'], roleArn: 'arn:aws:iam::123456789012:role/service/api-rotator' },
      ],
      timeoutMs: 120_000,
      endpoint: 'https://kura.internal:4566',
    });
  });

  it('reads the environment, one entry a line, and the flags replace it', () => {
    const env = {
      KURA_ROTATION_FUNCTIONS: 'a=/bin/a\n\nb=/bin/b --x\n',
      KURA_ROTATION_ROLES: 'a=role-a\r\nb=role-b',
      KURA_ROTATION_TIMEOUT: '5',
      KURA_ROTATION_ENDPOINT: 'http://127.0.0.1:4566',
    };
    const fromEnv = parse([], env);
    assert.deepEqual(fromEnv.functions.map((f) => [f.name, f.command, f.roleArn]), [
      ['a', ['/bin/a'], 'arn:aws:iam::000000000000:role/role-a'],
      ['b', ['/bin/b', '--x'], 'arn:aws:iam::000000000000:role/role-b'],
    ]);
    assert.deepEqual([fromEnv.timeoutMs, fromEnv.endpoint], [5000, 'http://127.0.0.1:4566']);
    const flags = parse(['--rotation-function', 'c=/bin/c', '--rotation-role', 'c=role-c', '--rotation-timeout', '9'], env);
    assert.deepEqual(flags.functions.map((f) => f.name), ['c']);
    assert.equal(flags.timeoutMs, 9000);
    assert.deepEqual(parse([], { KURA_ROTATION_FUNCTIONS: '', KURA_ROTATION_TIMEOUT: '' }), { functions: [], timeoutMs: 60_000 }, 'empty variables are unset');
  });

  it('refuses a function without a role, a role without a function, and malformed values', () => {
    refused(['--rotation-function', 'a=/bin/a'], /--rotation-function a has no role: give --rotation-role a=ROLE/);
    refused(['--rotation-role', 'a=role-a'], /--rotation-role a: no --rotation-function a is registered/);
    refused(['--rotation-function', 'a=/bin/a', '--rotation-role', 'a'], /--rotation-role expects NAME=ROLE/);
    refused(['--rotation-function', 'a=/bin/a', '--rotation-role', 'a=r', '--rotation-role', 'a=s'], /given twice/);
    refused(['--rotation-function', 'a=/bin/a', '--rotation-role', 'a=not a role'], /neither a role name nor a role ARN/);
    refused(['--rotation-function', 'a=/bin/a', '--rotation-function', 'a=/bin/b'], /given twice/);
    refused(['--rotation-function', 'a=echo $HOME'], /needs a shell/);
    refused(['--rotation-function', 'no spaces=/bin/a'], /is not a Lambda function name/);
    refused(['--rotation-timeout', '0'], /from 1 to 900/);
    refused(['--rotation-timeout', '901'], /from 1 to 900/);
    refused([], /from 1 to 900/, { KURA_ROTATION_TIMEOUT: '1m' });
    refused(['--rotation-endpoint', 'ftp://x'], /http:\/\/ or https:\/\/ URL/);
    refused(['--rotation-endpoint', 'http://user:pw@127.0.0.1:1'], /http:\/\/ or https:\/\/ URL/);
  });

  it('is in the help', () => {
    for (const flag of ['--rotation-function NAME=COMMAND', '--rotation-role NAME=ROLE', '--rotation-timeout', '--rotation-endpoint', 'KURA_ROTATION_FUNCTIONS']) assert.ok(SERVE_HELP.includes(flag), flag);
  });
});
