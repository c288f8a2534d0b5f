// The network: a VPC across two availability zones (or an existing one, from context), and the three
// security groups of the design. Traffic allowed, and nothing else:
//   internet → ALB on 80 (and 443 with a certificate);
//   ALB → tasks on 80, the container port;
//   tasks → 443 anywhere (ECR, S3 for image layers, Parameter Store, KMS, Secrets Manager, CloudWatch
//     Logs: AWS APIs without VPC endpoints, README: cost), and → the database on 3306;
//   database ← tasks on 3306 (the RDS instance of the Secrets Manager variant, or an existing
//     database's security group given by context).
// Tasks run in public subnets with public addresses unless NAT gateways are asked for: no NAT
// gateway to pay for, and the task security group admits nothing but the ALB (README explains).

import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { InfraConfig } from './config.js';

export const CONTAINER_PORT = 80;
export const MYSQL_PORT = 3306;
const NEW_VPC_CIDR = '10.0.0.0/16';

export interface Network {
  vpc: ec2.IVpc;
  taskSubnets: ec2.SubnetSelection;
  /** True when tasks are in public subnets: they need a public address to reach ECR and the AWS APIs. */
  assignPublicIp: boolean;
  albSubnets: ec2.SubnetSelection;
  databaseSubnets: ec2.SubnetSelection | undefined;
  cidr: string;
}

export function createNetwork(scope: Construct, config: InfraConfig, options: { name: string; logRetention: logs.RetentionDays }): Network {
  const existing = config.vpc;
  if (existing) {
    const vpc = ec2.Vpc.fromVpcAttributes(scope, 'Vpc', {
      vpcId: existing.vpcId,
      vpcCidrBlock: existing.cidr,
      availabilityZones: existing.availabilityZones,
      publicSubnetIds: existing.publicSubnetIds,
      ...(existing.privateSubnetIds.length > 0 ? { privateSubnetIds: existing.privateSubnetIds } : {}),
      ...(existing.isolatedSubnetIds.length > 0 ? { isolatedSubnetIds: existing.isolatedSubnetIds } : {}),
    });
    Validations.of(vpc).acknowledge({
      id: 'Annotation::@aws-cdk/aws-ec2:noSubnetRouteTableId',
      reason: "The stack adds no route to an existing VPC: it places the load balancer, tasks and database in the subnets given and never reads their route tables.",
    });
    const isPrivate = existing.privateSubnetIds.length > 0;
    return {
      vpc,
      taskSubnets: { subnetType: isPrivate ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PUBLIC },
      assignPublicIp: !isPrivate,
      albSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      databaseSubnets: existing.isolatedSubnetIds.length > 0 ? { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } : undefined,
      cidr: existing.cidr,
    };
  }
  const withNat = config.natGateways > 0;
  const vpc = new ec2.Vpc(scope, 'Vpc', {
    ipAddresses: ec2.IpAddresses.cidr(NEW_VPC_CIDR),
    maxAzs: 2,
    natGateways: config.natGateways,
    // Nothing is placed in the default security group; restricting it would take a Lambda-backed
    // custom resource, which this stack otherwise does without (cdk.json sets the flag off).
    restrictDefaultSecurityGroup: false,
    subnetConfiguration: [
      // Addresses are given to the tasks explicitly (assignPublicIp), not to whatever starts there.
      { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
      ...(withNat ? [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 }] : []),
      { name: 'database', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
  });
  // Rejected traffic only: what a security group turned away is what an operator looks for.
  // Named, so that its ARN (in the flow log role's policy) follows from the template alone.
  const flowLogs = new logs.LogGroup(scope, 'FlowLogs', {
    logGroupName: `/vpc-flow-logs/${options.name}`,
    retention: options.logRetention,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs), trafficType: ec2.FlowLogTrafficType.REJECT });
  return {
    vpc,
    taskSubnets: { subnetType: withNat ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PUBLIC },
    assignPublicIp: !withNat,
    albSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    databaseSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    cidr: NEW_VPC_CIDR,
  };
}

export interface SecurityGroups {
  alb: ec2.SecurityGroup;
  task: ec2.SecurityGroup;
}

export function createSecurityGroups(scope: Construct, vpc: ec2.IVpc, https: boolean): SecurityGroups {
  const alb = new ec2.SecurityGroup(scope, 'AlbSecurityGroup', {
    vpc,
    description: 'posts-api load balancer: HTTP(S) from the internet; out only to the tasks',
    allowAllOutbound: false,
  });
  const task = new ec2.SecurityGroup(scope, 'TaskSecurityGroup', {
    vpc,
    description: 'posts-api tasks: in only from the load balancer; out to AWS APIs (443) and the database (3306)',
    allowAllOutbound: false,
  });
  alb.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP from the internet');
  if (https) alb.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from the internet');
  alb.addEgressRule(task, ec2.Port.tcp(CONTAINER_PORT), 'to the tasks only');
  task.addIngressRule(alb, ec2.Port.tcp(CONTAINER_PORT), 'from the load balancer only');
  task.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to ECR, S3 (image layers) and the AWS APIs the task reads');
  return { alb, task };
}

/** tasks → database on 3306: to the database's own security group when known, else to the VPC's block. */
export function allowDatabase(scope: Construct, task: ec2.SecurityGroup, network: Network, database: ec2.ISecurityGroup | string | undefined): void {
  if (database === undefined) {
    task.addEgressRule(ec2.Peer.ipv4(network.cidr), ec2.Port.tcp(MYSQL_PORT), 'MySQL in the VPC (give dbSecurityGroupId to narrow this to the database)');
    return;
  }
  const group = typeof database === 'string' ? ec2.SecurityGroup.fromSecurityGroupId(scope, 'DatabaseSecurityGroup', database, { mutable: true }) : database;
  task.addEgressRule(group, ec2.Port.tcp(MYSQL_PORT), 'MySQL: the database only');
  group.addIngressRule(task, ec2.Port.tcp(MYSQL_PORT), 'MySQL from the posts-api tasks only');
}
