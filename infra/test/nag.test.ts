// cdk-nag's AWS Solutions rules pass for every configuration the README documents: synthesis would
// throw on a finding not acknowledged (the plugin fails it), and the validation report the CDK writes
// lists what was acknowledged. Each acknowledgment is expected here by rule and resource, so a new
// one is a visible change to this file, and each carries a reason of its own in lib/nag.ts.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { createApp } from '../lib/app.js';
import { cdkContext, synthesize } from './testing/synth.js';

interface Report {
  pluginReports: Array<{
    pluginName: string;
    conclusion: string;
    violations: unknown[];
    suppressedViolations?: Array<{ ruleName: string; reason: string; violatingConstructs: Array<{ constructPath: string }> }>;
  }>;
}

function report(context: Record<string, string>): Report {
  const { outdir } = synthesize(context);
  return JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as Report;
}

/** "Stack/Construct RULE" for each acknowledged finding, with the stack's name shortened. */
function acknowledged(r: Report): string[] {
  return r.pluginReports
    .flatMap((p) => p.suppressedViolations ?? [])
    .flatMap((s) => s.violatingConstructs.map((c) => `${c.constructPath.replace(/^KuraPostsApiSecretsManager\//, 'SM/').replace(/^KuraPostsApi\//, 'P/').replace(/\/Resource$/, '')} ${s.ruleName}`))
    .map((line) => line.replace(/arn:<AWS::Partition>:(\w+):<AWS::Region>:<AWS::AccountId>:/, '$1:'))
    .sort();
}

const ALWAYS = [
  'P/AlbSecurityGroup AwsSolutions-EC23',
  'P/ExecutionRole/DefaultPolicy AwsSolutions-IAM5[Resource::*]',
  'P/ExecutionRole/DefaultPolicy AwsSolutions-IAM5[Resource::logs:log-group:/ecs/posts-api:*]',
  'P/TaskDefinition AwsSolutions-ECS2',
  'P/TaskRole AwsSolutions-IAM5[Resource::ssm:parameter/goecssample/database/sample/master/*]',
  'SM/AlbSecurityGroup AwsSolutions-EC23',
  'SM/DatabaseSecret AwsSolutions-SMG4',
  'SM/ExecutionRole/DefaultPolicy AwsSolutions-IAM5[Resource::*]',
  'SM/ExecutionRole/DefaultPolicy AwsSolutions-IAM5[Resource::logs:log-group:/ecs/posts-api-secretsmanager:*]',
];
const OPTIONAL_FEATURES_OFF = ['P/Cluster AwsSolutions-ECS4', 'P/LoadBalancer AwsSolutions-ELB2', 'SM/Cluster AwsSolutions-ECS4', 'SM/LoadBalancer AwsSolutions-ELB2'];
const RDS = ['SM/Database AwsSolutions-RDS11', 'SM/Database AwsSolutions-RDS3'];

const configurations: Array<[string, Record<string, string>, string[]]> = [
  ['the defaults', {}, [...ALWAYS, ...OPTIONAL_FEATURES_OFF]],
  ['with RDS', { rds: 'true' }, [...ALWAYS, ...OPTIONAL_FEATURES_OFF, ...RDS]],
  [
    'with HTTPS, NAT, Container Insights and access logs',
    {
      certificateArn: 'arn:aws:acm:ap-northeast-1:111111111111:certificate/0a1b2c3d-1111-2222-3333-444455556666',
      natGateways: '2',
      containerInsights: 'true',
      accessLogsBucket: 'my-alb-logs',
    },
    ALWAYS,
  ],
  [
    'in an existing VPC, with RDS',
    {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: 'ap-northeast-1a,ap-northeast-1c',
      publicSubnetIds: 'subnet-00000001,subnet-00000002',
      privateSubnetIds: 'subnet-00000003,subnet-00000004',
      isolatedSubnetIds: 'subnet-00000005,subnet-00000006',
      vpcCidr: '10.1.0.0/16',
      rds: 'true',
    },
    [...ALWAYS, ...OPTIONAL_FEATURES_OFF, ...RDS],
  ],
  ['with an existing database security group', { dbSecurityGroupId: 'sg-0123456789abcdef0' }, [...ALWAYS, ...OPTIONAL_FEATURES_OFF]],
];

describe('cdk-nag AwsSolutionsChecks', () => {
  for (const [name, context, expected] of configurations) {
    test(`passes ${name}, with exactly the acknowledged findings expected`, () => {
      const r = report(context);
      const nag = r.pluginReports.find((p) => p.pluginName === 'AwsSolutions');
      assert.ok(nag, 'the AwsSolutions plugin ran');
      for (const plugin of r.pluginReports) {
        assert.deepEqual(plugin.violations, [], `${plugin.pluginName} violations`);
        assert.equal(plugin.conclusion, 'success', plugin.pluginName);
      }
      assert.deepEqual(acknowledged(r), [...expected].sort());
    });
  }

  test('each acknowledgment gives its own reason, more than a phrase', () => {
    const reasons = report({ rds: 'true' }).pluginReports.flatMap((p) => p.suppressedViolations ?? []).map((s) => [s.ruleName, s.reason] as const);
    for (const [rule, reason] of reasons) assert.ok(reason.length >= 80, `${rule}: '${reason}'`);
    const byRule = new Map<string, Set<string>>();
    for (const [rule, reason] of reasons) byRule.set(reason, (byRule.get(reason) ?? new Set()).add(rule.replace(/\[.*$/, '')));
    // One reason is never reused for two different rules.
    for (const [reason, rules] of byRule) assert.equal(rules.size, 1, reason);
  });

  test('a finding not acknowledged fails synthesis, naming the rule and the resource', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'kura-infra-nag-'));
    try {
      const { app, parameters } = createApp({ outdir, context: cdkContext });
      const careless = new ec2.SecurityGroup(parameters, 'Careless', { vpc: parameters.node.findChild('Vpc') as ec2.IVpc });
      careless.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22), 'ssh from anywhere');
      // The CDK prints the report on stderr too; the file below is what this test reads.
      const print = console.error;
      console.error = () => {};
      try {
        assert.throws(() => app.synth(), /Validation failed/);
      } finally {
        console.error = print;
      }
      const r = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as { pluginReports: Array<{ violations: Array<{ ruleName: string; violatingConstructs: Array<{ constructPath: string }> }> }> };
      const violations = r.pluginReports.flatMap((p) => p.violations).map((v) => `${v.ruleName} ${v.violatingConstructs.map((c) => c.constructPath).join(' ')}`);
      assert.ok(violations.includes('AwsSolutions-EC23 KuraPostsApi/Careless/Resource'), violations.join('; '));
      assert.ok(violations.every((v) => v.endsWith(' KuraPostsApi/Careless/Resource')), violations.join('; '));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
