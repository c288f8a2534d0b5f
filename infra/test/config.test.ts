// The app's settings from CDK context: defaults, every value checked, an existing VPC described
// completely or refused with a message naming the key.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ConfigError, readConfig } from '../lib/config.js';

const read = (context: Record<string, unknown>) => readConfig((key) => context[key], Object.keys(context));

const EXISTING = {
  vpcId: 'vpc-0123456789abcdef0',
  availabilityZones: 'ap-northeast-1a, ap-northeast-1c',
  publicSubnetIds: 'subnet-00000001,subnet-00000002',
  vpcCidr: '10.1.0.0/16',
};

describe('readConfig', () => {
  test('defaults: two tasks, tag v1, the blog post prefix, 30 days of logs, no NAT, a new VPC', () => {
    assert.deepEqual(read({}), {
      desiredCount: 2,
      imageTag: 'v1',
      parameterPrefix: 'goecssample',
      logRetentionDays: 30,
      natGateways: 0,
      vpc: undefined,
      certificateArn: undefined,
      accessLogsBucket: undefined,
      containerInsights: false,
      rds: false,
      dbSecurityGroupId: undefined,
    });
  });

  test('reads -c values, which the CLI passes as strings', () => {
    const config = read({ desiredCount: '0', imageTag: 'git-1a2b3c4', logRetentionDays: '90', natGateways: '1', rds: 'true', containerInsights: 'false' });
    assert.equal(config.desiredCount, 0);
    assert.equal(config.imageTag, 'git-1a2b3c4');
    assert.equal(config.logRetentionDays, 90);
    assert.equal(config.natGateways, 1);
    assert.equal(config.rds, true);
    assert.equal(config.containerInsights, false);
  });

  test('refuses an unknown key by name, never echoing its value', () => {
    assert.throws(() => read({ dbPassword: 'canary-value' }), (error: Error) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /unknown context key 'dbPassword'/);
      assert.doesNotMatch(error.message, /canary-value/);
      return true;
    });
  });

  test("leaves the CLI's and the feature flags' keys alone", () => {
    assert.doesNotThrow(() => read({ '@aws-cdk/core:target-partitions': ['aws'], 'aws:cdk:enable-path-metadata': true, 'cli-telemetry': false }));
  });

  for (const [context, message] of [
    [{ desiredCount: 'two' }, /'desiredCount' must be an integer from 0 to 10/],
    [{ desiredCount: '11' }, /'desiredCount' must be an integer from 0 to 10/],
    [{ imageTag: 'latest tag' }, /'imageTag' must be an image tag/],
    [{ logRetentionDays: '31' }, /'logRetentionDays' must be one of 1, 3, 5/],
    [{ parameterPrefix: '/goecssample' }, /'parameterPrefix' must be a Parameter Store path without leading or trailing slash/],
    [{ rds: 'yes' }, /'rds' must be true or false/],
    [{ certificateArn: 'arn:aws:iam::111111111111:server-certificate/x' }, /'certificateArn' must be an ACM certificate ARN/],
    [{ dbSecurityGroupId: 'default' }, /'dbSecurityGroupId' must be a security group id/],
    [{ natGateways: '3' }, /'natGateways' must be an integer from 0 to 2/],
  ] as const) {
    test(`refuses ${JSON.stringify(context)}`, () => {
      assert.throws(() => read(context), message);
    });
  }

  test('an existing VPC: its zones, one public subnet per zone, and its CIDR block', () => {
    const config = read(EXISTING);
    assert.deepEqual(config.vpc, {
      vpcId: 'vpc-0123456789abcdef0',
      availabilityZones: ['ap-northeast-1a', 'ap-northeast-1c'],
      publicSubnetIds: ['subnet-00000001', 'subnet-00000002'],
      privateSubnetIds: [],
      isolatedSubnetIds: [],
      cidr: '10.1.0.0/16',
    });
    // NAT gateways belong to the existing VPC: none is created.
    assert.equal(read({ ...EXISTING, natGateways: '1' }).natGateways, 0);
  });

  for (const [context, message] of [
    [{ ...EXISTING, availabilityZones: 'ap-northeast-1a' }, /needs 'availabilityZones': at least two/],
    [{ ...EXISTING, publicSubnetIds: 'subnet-00000001' }, /one public subnet per availability zone/],
    [{ ...EXISTING, privateSubnetIds: 'subnet-00000003' }, /'privateSubnetIds' must name one subnet per availability zone/],
    [{ ...EXISTING, vpcCidr: undefined }, /needs 'vpcCidr'/],
    [{ ...EXISTING, rds: 'true' }, /'rds' with an existing VPC needs 'isolatedSubnetIds'/],
    [{ publicSubnetIds: 'subnet-00000001,subnet-00000002' }, /'publicSubnetIds' describes an existing VPC: give 'vpcId' too/],
    [{ ...EXISTING, publicSubnetIds: 'subnet-1,subnet-2' }, /'publicSubnetIds' must be a comma-separated list of subnet ids \(got 'subnet-1'\)/],
  ] as const) {
    test(`existing VPC: refuses ${JSON.stringify(context)}`, () => {
      assert.throws(() => read(context), message);
    });
  }
});
