// The templates stay usable by `kura apply`, which creates the IAM, KMS, SSM and Secrets Manager
// resources and writes out the task definitions, and skips the rest (VPC, ALB, ECS…). So what it
// creates, and the task definitions, may read only: each other, the template's parameters, the pseudo
// parameters, and skipped resources whose values follow from an explicit name (a named log group or
// repository). Anything else (an unnamed log group's ARN, a load balancer's DNS name) would be
// refused there; this test finds it here first.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { synthesize } from './testing/synth.js';

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

const APPLIED = /^AWS::(IAM::(Role|Policy|ManagedPolicy|User|Group)|KMS::(Key|Alias)|SSM::Parameter|SecretsManager::Secret)$/;
const WRITTEN_OUT = 'AWS::ECS::TaskDefinition';
/** Skipped types whose attributes follow from the name property given. */
const NAMED: Record<string, string> = { 'AWS::Logs::LogGroup': 'LogGroupName', 'AWS::ECR::Repository': 'RepositoryName' };

function references(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) references(item, found);
  else if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (typeof object.Ref === 'string') found.push(object.Ref);
    else if (Array.isArray(object['Fn::GetAtt'])) found.push(`${object['Fn::GetAtt'][0]}.${object['Fn::GetAtt'][1]}`);
    else for (const item of Object.values(object)) references(item, found);
  }
  return found;
}

function unresolvable(template: Record<string, unknown>): string[] {
  const resources = template.Resources as Resources;
  const problems: string[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    if (!APPLIED.test(resource.Type) && resource.Type !== WRITTEN_OUT) continue;
    for (const reference of references(resource.Properties ?? {})) {
      const target = resources[reference.split('.')[0]!];
      if (!target || APPLIED.test(target.Type)) continue; // a parameter, a pseudo parameter, or created by kura apply
      const name = NAMED[target.Type];
      if (name && typeof target.Properties?.[name] === 'string') continue;
      problems.push(`${id} (${resource.Type}) reads ${reference} (${target.Type})`);
    }
  }
  return problems;
}

describe('what kura apply creates reads only what it can know', () => {
  for (const [name, context] of [
    ['the defaults', {}],
    ['with NAT and HTTPS', { natGateways: '1', certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d-1111-2222-3333-444455556666' }],
  ] as const) {
    test(`both stacks, ${name}`, () => {
      const { json } = synthesize(context);
      assert.deepEqual(unresolvable(json.parameters), []);
      assert.deepEqual(unresolvable(json.secretsmanager), []);
    });
  }

  test('the checker itself flags an unnamed log group read by a policy', () => {
    const template = {
      Resources: {
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: {} },
        Policy: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { Statement: [{ Resource: { 'Fn::GetAtt': ['Logs', 'Arn'] } }] } } },
      },
    };
    assert.deepEqual(unresolvable(template), ['Policy (AWS::IAM::Policy) reads Logs.Arn (AWS::Logs::LogGroup)']);
  });
});
