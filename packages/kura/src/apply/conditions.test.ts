import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { errorOf, testScope } from './testing/scope.js';
import type { Json } from './values.js';

function conditions(declared: { [name: string]: Json }, parameters: { [name: string]: string } = {}) {
  const { scope } = testScope({
    Parameters: { Env: { Type: 'String', Default: 'dev' }, Port: { Type: 'Number', Default: '3306' } },
    Mappings: { Regions: { 'eu-west-1': { Tier: 'eu' } } },
    Conditions: declared,
    Resources: { R: { Type: 'AWS::SSM::Parameter' } },
  }, { parameters });
  return scope.conditions;
}

describe('Conditions', () => {
  it('evaluates Fn::Equals, Fn::Not, Fn::And, Fn::Or and Condition over parameters and mappings', () => {
    const c = conditions({
      IsDev: { 'Fn::Equals': [{ Ref: 'Env' }, 'dev'] },
      IsProd: { 'Fn::Not': [{ Condition: 'IsDev' }] },
      InEu: { 'Fn::Equals': [{ 'Fn::FindInMap': ['Regions', { Ref: 'AWS::Region' }, 'Tier'] }, 'eu'] },
      DevInEu: { 'Fn::And': [{ Condition: 'IsDev' }, { Condition: 'InEu' }] },
      ProdOrEu: { 'Fn::Or': [{ Condition: 'IsProd' }, { Condition: 'InEu' }, { 'Fn::Equals': ['a', 'b'] }] },
      DefaultPort: { 'Fn::Equals': [{ Ref: 'Port' }, 3306] },
    });
    assert.deepEqual(Object.fromEntries(c.all()), { IsDev: true, IsProd: false, InEu: true, DevInEu: true, ProdOrEu: true, DefaultPort: true });
  });

  it('follows the parameters given', () => {
    assert.equal(conditions({ IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } }, { Env: 'prod' }).value('IsProd', 'x'), true);
  });

  it('names a circular chain of conditions', () => {
    const c = conditions({ A: { 'Fn::Not': [{ Condition: 'B' }] }, B: { 'Fn::And': [{ Condition: 'A' }, { Condition: 'A' }] } });
    assert.equal(errorOf(() => c.all()), 'Conditions.A: circular reference between conditions: A → B → A');
  });

  it('refuses what is not a condition, resources, and wrong arities', () => {
    assert.equal(errorOf(() => conditions({ A: 'true' }).all()), 'Conditions.A: a condition is Fn::Equals, Fn::And, Fn::Or, Fn::Not or {"Condition": name}');
    assert.equal(errorOf(() => conditions({ A: { 'Fn::Equals': [{ Ref: 'R' }, 'x'] } }).all()), 'Conditions.A.Fn::Equals[0]: conditions can refer to parameters, not to resources (R)');
    assert.equal(errorOf(() => conditions({ A: { 'Fn::And': [{ Condition: 'B' }] }, B: { 'Fn::Equals': ['a', 'a'] } }).all()), 'Conditions.A.Fn::And: Fn::And takes 2 to 10 conditions');
    assert.equal(errorOf(() => conditions({ A: { 'Fn::Equals': ['a'] } }).all()), 'Conditions.A.Fn::Equals: Fn::Equals takes [value, value]');
    assert.equal(errorOf(() => conditions({ A: { Condition: 'Nope' } }).all()), 'Conditions.A: no condition named Nope in Conditions');
  });
});
