import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { functionForArn, lambdaFunctionName, parseRotationFunction, parseRotationFunctions, RotationFunctionOptionError, splitWords } from './function-option.js';

describe('--rotation-function NAME=COMMAND', () => {
  it('splits the command into argv words without a shell', () => {
    assert.deepEqual(parseRotationFunction('rotate-db=node /opt/fns/rotate.mjs --strict'), { name: 'rotate-db', command: ['node', '/opt/fns/rotate.mjs', '--strict'] });
    assert.deepEqual(parseRotationFunction(`my_fn=python3 "/opt/my fns/h.py" 'a b' c\\ d`).command, ['python3', '/opt/my fns/h.py', 'a b', 'c d']);
    assert.deepEqual(parseRotationFunction('f=kura rotation-function mysql-single-user').command, ['kura', 'rotation-function', 'mysql-single-user']);
    // The first = ends the name; later ones are part of the command.
    assert.deepEqual(parseRotationFunction('f=env A=1 node x.js').command, ['env', 'A=1', 'node', 'x.js']);
  });

  it('takes an explicit shell as words like any other program', () => {
    assert.deepEqual(parseRotationFunction(`f=sh -c 'cd /opt && exec node $HOME/x.js | tee log'`).command, ['sh', '-c', 'cd /opt && exec node $HOME/x.js | tee log']);
    assert.deepEqual(splitWords(`a "b \\" c" "d\\\\e" ''`), ['a', 'b " c', 'd\\e', '']);
  });

  it('refuses what only a shell would understand', () => {
    for (const command of ['node x.js | tee log', 'node x.js > out', 'a; b', 'a && b', 'node $HOME/x.js', 'node "$HOME/x.js"', 'echo `id`', 'ls *.js', 'node ~/x.js', '(a)']) {
      assert.throws(() => parseRotationFunction(`f=${command}`), (e: unknown) => e instanceof RotationFunctionOptionError && /needs a shell/.test(e.message), command);
    }
  });

  it('refuses malformed values', () => {
    const cases: Array<[string, RegExp]> = [
      ['no-equals', /expects NAME=COMMAND/],
      ['=node x', /not a Lambda function name/],
      ['bad name=node x', /not a Lambda function name/],
      [`${'n'.repeat(65)}=node x`, /not a Lambda function name/],
      ['f=', /command is empty/],
      ['f=   ', /command is empty/],
      [`f=node 'x`, /unbalanced '/],
      ['f=node "x', /unbalanced "/],
      ['f=node x\\', /backslash/],
      ['f=node\nx', /one line/],
    ];
    for (const [value, reason] of cases) {
      assert.throws(() => parseRotationFunction(value), (e: unknown) => e instanceof RotationFunctionOptionError && reason.test(e.message), value);
    }
  });

  it('refuses a name registered twice', () => {
    assert.throws(() => parseRotationFunctions(['a=x', 'b=y', 'a=z']), /a is given twice/);
    assert.deepEqual([...parseRotationFunctions(['a=x', 'b=y']).keys()], ['a', 'b']);
  });
});

describe('matching a secret to its function by RotationLambdaARN', () => {
  const functions = parseRotationFunctions(['rotate-db=node r.js', 'other=node o.js']);

  it('reads the function name of a Lambda ARN, with or without a qualifier', () => {
    assert.equal(lambdaFunctionName('arn:aws:lambda:us-east-1:123456789012:function:rotate-db'), 'rotate-db');
    assert.equal(lambdaFunctionName('arn:aws:lambda:eu-west-3:123456789012:function:rotate-db:$LATEST'), 'rotate-db');
    assert.equal(lambdaFunctionName('arn:aws:lambda:us-east-1:123456789012:function:rotate-db:prod'), 'rotate-db');
    assert.equal(lambdaFunctionName('arn:aws-cn:lambda:cn-north-1:123456789012:function:f'), 'f');
  });

  it('finds nothing for what is not a Lambda function ARN', () => {
    for (const arn of [
      'rotate-db',
      'arn:aws:lambda:us-east-1:123456789012:layer:rotate-db',
      'arn:aws:s3:us-east-1:123456789012:function:rotate-db',
      'arn:aws:lambda:us-east-1:12345:function:rotate-db',
      'arn:aws:lambda:us-east-1:123456789012:function:rotate-db:a:b',
      'arn:aws:lambda:us-east-1:123456789012:function:',
    ]) {
      assert.equal(lambdaFunctionName(arn), undefined, arn);
    }
  });

  it('returns the registered command, or undefined for an unregistered function', () => {
    assert.deepEqual(functionForArn(functions, 'arn:aws:lambda:us-east-1:123456789012:function:rotate-db')?.command, ['node', 'r.js']);
    assert.equal(functionForArn(functions, 'arn:aws:lambda:us-east-1:123456789012:function:missing'), undefined);
    assert.equal(functionForArn(functions, 'not-an-arn'), undefined);
  });
});
