import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bindParameters, checkAllBound, type SsmReader } from './parameters.js';
import type { Json } from './values.js';

const noSsm: SsmReader = async () => undefined;

async function bind(declared: { [name: string]: Json }, given: { [name: string]: string } = {}, ssm: SsmReader = noSsm) {
  return Object.fromEntries(await bindParameters(declared, new Map(Object.entries(given)), ssm));
}

async function failure(declared: { [name: string]: Json }, given: { [name: string]: string } = {}): Promise<string> {
  try {
    await bind(declared, given);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('did not throw');
}

describe('template parameters', () => {
  it('takes --parameter, else the Default, typed', async () => {
    const bound = await bind(
      {
        Env: { Type: 'String', Default: 'dev' },
        Port: { Type: 'Number', Default: 3306 },
        Zones: { Type: 'CommaDelimitedList', Default: 'a, b ,c' },
        Sizes: { Type: 'List<Number>' },
        Vpc: { Type: 'AWS::EC2::VPC::Id', Default: 'vpc-1' },
      },
      { Env: 'prod', Sizes: '1,2' },
    );
    assert.deepEqual(bound, { Env: { value: 'prod' }, Port: { value: '3306' }, Zones: { value: ['a', 'b', 'c'] }, Sizes: { value: ['1', '2'] }, Vpc: { value: 'vpc-1' } });
  });

  it('a parameter without a value is reported where it is used, or at the end when unused', async () => {
    const bound = await bindParameters({ DbHost: { Type: 'String' } }, new Map(), noSsm);
    assert.deepEqual(bound.get('DbHost'), { problem: 'has no value (the template gives no Default): pass --parameter DbHost=VALUE', missing: true });
    assert.throws(() => checkAllBound(bound), { message: 'Parameters.DbHost: has no value (the template gives no Default): pass --parameter DbHost=VALUE' });
  });

  it('checks AllowedValues, AllowedPattern, lengths, numbers and ranges, with the ConstraintDescription', async () => {
    assert.equal(await failure({ Env: { Type: 'String', AllowedValues: ['dev', 'prod'] } }, { Env: 'qa' }), "Parameters.Env: 'qa' must be one of AllowedValues (dev, prod)");
    assert.equal(await failure({ Tag: { Type: 'String', AllowedPattern: '[a-z]+' } }, { Tag: 'a1' }), "Parameters.Tag: 'a1' must match pattern [a-z]+");
    assert.equal(await failure({ Tag: { Type: 'String', AllowedPattern: '[a-z]+', ConstraintDescription: 'lower-case letters' } }, { Tag: 'A' }), "Parameters.Tag: 'A' failed to satisfy constraint: lower-case letters");
    assert.equal(await failure({ Name: { Type: 'String', MinLength: 3 } }, { Name: 'ab' }), "Parameters.Name: 'ab' must be at least 3 characters");
    assert.equal(await failure({ Name: { Type: 'String', MaxLength: 2 } }, { Name: 'abc' }), "Parameters.Name: 'abc' must be at most 2 characters");
    assert.equal(await failure({ Port: { Type: 'Number' } }, { Port: 'x' }), "Parameters.Port: 'x' must be a number");
    assert.equal(await failure({ Port: { Type: 'Number', MaxValue: 10 } }, { Port: '11' }), "Parameters.Port: '11' must be at most 10");
    assert.equal(await failure({ Zones: { Type: 'CommaDelimitedList', AllowedValues: ['a', 'b'] } }, { Zones: 'a,c' }), "Parameters.Zones: 'c' must be one of AllowedValues (a, b)");
    assert.equal(await failure({ X: { Type: 'Strin' } }, { X: 'x' }), 'Parameters.X.Type: unknown parameter type Strin');
  });

  it('never shows the value of a NoEcho parameter', async () => {
    const message = await failure({ Password: { Type: 'String', NoEcho: true, MinLength: 12 } }, { Password: 'hunter2' });
    assert.equal(message, 'Parameters.Password: the value must be at least 12 characters');
  });

  it('refuses a --parameter the template does not declare', async () => {
    assert.equal(await failure({ A: { Type: 'String', Default: 'a' } }, { B: 'b' }), 'Parameters: --parameter B: the template declares no parameter named B');
  });

  it('reads AWS::SSM::Parameter::Value types from the server; one missing is a problem only where used', async () => {
    const ssm: SsmReader = async (name) => (name === '/ami' ? { type: 'String', value: 'ami-1' } : name === '/zones' ? { type: 'StringList', value: 'a,b' } : undefined);
    const bound = await bind(
      {
        Ami: { Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>', Default: '/ami' },
        Zones: { Type: 'AWS::SSM::Parameter::Value<List<String>>', Default: '/zones' },
        BootstrapVersion: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/cdk-bootstrap/hnb659fds/version' },
      },
      {},
      ssm,
    );
    assert.deepEqual(bound, {
      Ami: { value: 'ami-1' },
      Zones: { value: ['a', 'b'] },
      BootstrapVersion: { problem: 'names the SSM parameter /cdk-bootstrap/hnb659fds/version, which does not exist on the server' },
    });
    assert.doesNotThrow(() => checkAllBound(new Map(Object.entries(bound))));
  });
});
