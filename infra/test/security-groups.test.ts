// Every security group rule of the synthesized stacks, inline or separate, listed as
// "group direction peer port" and compared whole: internet → ALB (80, 443 with a certificate),
// ALB → tasks (80), tasks → AWS APIs (443) and → the database (3306), database ← tasks (3306). A rule
// added anywhere fails these tests.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resourcesOf, synthesize } from './testing/synth.js';

type Template = Record<string, unknown>;
interface Rule {
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  CidrIp?: string;
  CidrIpv6?: string;
  SourceSecurityGroupId?: unknown;
  DestinationSecurityGroupId?: unknown;
  GroupId?: unknown;
}

/** A group's name in these listings: the logical id without CDK's hash, or the id of an existing group. */
function groupName(template: Template, ref: unknown): string {
  const id = (ref as { 'Fn::GetAtt'?: [string, string] })['Fn::GetAtt']?.[0] ?? (typeof ref === 'string' ? ref : JSON.stringify(ref));
  const type = (template.Resources as Record<string, { Type: string }>)[id]?.Type;
  return type === 'AWS::EC2::SecurityGroup' ? id.replace(/[0-9A-F]{8}$/, '') : id;
}

function describeRule(template: Template, group: string, direction: 'in' | 'out', rule: Rule): string {
  const peer = rule.CidrIp ?? rule.CidrIpv6 ?? groupName(template, rule.SourceSecurityGroupId ?? rule.DestinationSecurityGroupId);
  const ports = rule.FromPort === rule.ToPort ? `${rule.FromPort}` : `${rule.FromPort}-${rule.ToPort}`;
  return `${group} ${direction} ${peer} ${rule.IpProtocol}/${ports}`;
}

function rules(template: Template): string[] {
  const listed: string[] = [];
  for (const group of resourcesOf(template, 'AWS::EC2::SecurityGroup')) {
    const name = group.id.replace(/[0-9A-F]{8}$/, '');
    for (const rule of (group.properties.SecurityGroupIngress ?? []) as Rule[]) listed.push(describeRule(template, name, 'in', rule));
    for (const rule of (group.properties.SecurityGroupEgress ?? []) as Rule[]) listed.push(describeRule(template, name, 'out', rule));
  }
  for (const rule of resourcesOf(template, 'AWS::EC2::SecurityGroupIngress')) {
    listed.push(describeRule(template, groupName(template, rule.properties.GroupId), 'in', rule.properties as unknown as Rule));
  }
  for (const rule of resourcesOf(template, 'AWS::EC2::SecurityGroupEgress')) {
    listed.push(describeRule(template, groupName(template, rule.properties.GroupId), 'out', rule.properties as unknown as Rule));
  }
  return listed.sort();
}

const BASE = [
  'AlbSecurityGroup in 0.0.0.0/0 tcp/80',
  'AlbSecurityGroup out TaskSecurityGroup tcp/80',
  'TaskSecurityGroup in AlbSecurityGroup tcp/80',
  'TaskSecurityGroup out 0.0.0.0/0 tcp/443',
];

describe('security groups', () => {
  test('reference design: internet → ALB:80 → tasks:80; tasks → 443 and → MySQL in the VPC', () => {
    const { json } = synthesize();
    assert.deepEqual(rules(json.parameters), [...BASE, 'TaskSecurityGroup out 10.0.0.0/16 tcp/3306'].sort());
  });

  test("an existing database's security group: tasks → it on 3306, and it admits the tasks on 3306", () => {
    const { json } = synthesize({ dbSecurityGroupId: 'sg-0123456789abcdef0' });
    assert.deepEqual(rules(json.parameters), [...BASE, 'TaskSecurityGroup out sg-0123456789abcdef0 tcp/3306', 'sg-0123456789abcdef0 in TaskSecurityGroup tcp/3306'].sort());
  });

  test('Secrets Manager variant with RDS: the database admits the tasks on 3306 and sends nothing', () => {
    const { json } = synthesize({ rds: 'true' });
    assert.deepEqual(
      rules(json.secretsmanager),
      [
        ...BASE,
        'TaskSecurityGroup out DatabaseSecurityGroup tcp/3306',
        'DatabaseSecurityGroup in TaskSecurityGroup tcp/3306',
        // The CDK's "no egress" marker: an ICMP type that does not exist, to a broadcast address.
        'DatabaseSecurityGroup out 255.255.255.255/32 icmp/252-86',
      ].sort(),
    );
    // The instance is in the isolated subnets and not publicly accessible.
    const [db] = resourcesOf(json.secretsmanager, 'AWS::RDS::DBInstance');
    assert.equal(db?.properties.PubliclyAccessible, false);
  });

  test('with a certificate the ALB also takes 443; nothing else changes', () => {
    const { json } = synthesize({ certificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d-1111-2222-3333-444455556666' });
    assert.deepEqual(rules(json.parameters), [...BASE, 'AlbSecurityGroup in 0.0.0.0/0 tcp/443', 'TaskSecurityGroup out 10.0.0.0/16 tcp/3306'].sort());
  });

  test('with NAT gateways the tasks move to private subnets without public addresses', () => {
    const { json } = synthesize({ natGateways: '1' });
    const service = resourcesOf(json.parameters, 'AWS::ECS::Service')[0]!.properties as { NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: string; Subnets: Array<{ Ref: string }> } } };
    assert.equal(service.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp, 'DISABLED');
    for (const subnet of service.NetworkConfiguration.AwsvpcConfiguration.Subnets) assert.match(subnet.Ref, /^VpcprivateSubnet/);
    assert.equal(resourcesOf(json.parameters, 'AWS::EC2::NatGateway').length, 1);
  });

  test('no subnet gives addresses to whatever starts in it', () => {
    const { json } = synthesize();
    for (const subnet of resourcesOf(json.parameters, 'AWS::EC2::Subnet')) assert.equal(subnet.properties.MapPublicIpOnLaunch, false, subnet.id);
  });
});
