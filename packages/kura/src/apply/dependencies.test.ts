import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dependencyOrder, referencedNames } from './dependencies.js';
import { resourceOrder } from './plan.js';
import { readTemplate } from './template.js';
import { errorOf } from './testing/scope.js';

describe('dependencies', () => {
  it('finds the names a value refers to through Ref, Fn::GetAtt and Fn::Sub', () => {
    const names = referencedNames({
      A: { Ref: 'Role' },
      B: { 'Fn::GetAtt': ['Key', 'Arn'] },
      C: { 'Fn::GetAtt': 'Bucket.Arn' },
      D: { 'Fn::Sub': 'x-${Param}-${Repo.RepositoryUri}-${!Literal}-${AWS::Region}' },
      E: { 'Fn::Sub': ['${Own}-${Other}', { Own: { Ref: 'Inner' } }] },
      F: [{ 'Fn::Join': ['', [{ Ref: 'Deep' }]] }],
    });
    assert.deepEqual([...names].sort(), ['AWS::Region', 'Bucket', 'Deep', 'Inner', 'Key', 'Other', 'Param', 'Repo', 'Role']);
  });

  it('orders resources after what they name and their DependsOn, template order otherwise', () => {
    const template = readTemplate({
      Resources: {
        Policy: { Type: 'AWS::IAM::Policy', Properties: { Roles: [{ Ref: 'Role' }] } },
        Alias: { Type: 'AWS::KMS::Alias', Properties: { TargetKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } } },
        Role: { Type: 'AWS::IAM::Role', DependsOn: 'Key' },
        Key: { Type: 'AWS::KMS::Key' },
        Free: { Type: 'AWS::SSM::Parameter' },
      },
    });
    assert.deepEqual(resourceOrder(template), ['Key', 'Alias', 'Role', 'Policy', 'Free']);
  });

  it('names the resources of a cycle, and only those', () => {
    const template = readTemplate({
      Resources: {
        Before: { Type: 'T' },
        A: { Type: 'T', Properties: { X: { Ref: 'B' } } },
        B: { Type: 'T', Properties: { X: { 'Fn::Sub': '${C.Arn}' } } },
        C: { Type: 'T', DependsOn: ['A', 'Before'] },
        After: { Type: 'T', Properties: { X: { Ref: 'A' } } },
      },
    });
    assert.equal(errorOf(() => resourceOrder(template)), 'Resources: circular dependency between resources: [A, B, C]');
  });

  it('a resource naming itself is a cycle', () => {
    assert.equal(errorOf(() => dependencyOrder([{ id: 'A', after: ['A'] }])), 'Resources: circular dependency between resources: [A]');
  });
});
