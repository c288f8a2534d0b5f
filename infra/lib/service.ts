// The ECS cluster, the Fargate service of the posts API behind an internet-facing ALB, and the ALB's
// listeners. Two tasks by default, spread over the two availability zones (Fargate spreads a service's
// tasks across the zones of its subnets; zone rebalancing moves them back after a zone's trouble).
// A deployment replaces tasks one healthy replacement at a time (100 % minimum healthy, 200 %
// maximum), and the deployment circuit breaker rolls back a deployment whose tasks do not become
// healthy: the previous task definition keeps serving.

import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type { Construct } from 'constructs';
import type { InfraConfig } from './config.js';
import { CONTAINER_PORT, type Network, type SecurityGroups } from './network.js';
import { CONTAINER_NAME } from './task-definition.js';

export const HEALTH_CHECK_PATH = '/.healthcheck';

export interface PostsApiService {
  cluster: ecs.Cluster;
  service: ecs.FargateService;
  loadBalancer: elbv2.ApplicationLoadBalancer;
  /** http://… or https://… of the load balancer. */
  url: string;
}

export function postsApiService(
  scope: Construct,
  options: { name: string; config: InfraConfig; network: Network; groups: SecurityGroups; taskDefinition: ecs.FargateTaskDefinition },
): PostsApiService {
  const { config, network, groups } = options;
  const cluster = new ecs.Cluster(scope, 'Cluster', {
    vpc: network.vpc,
    containerInsightsV2: config.containerInsights ? ecs.ContainerInsights.ENABLED : ecs.ContainerInsights.DISABLED,
  });
  const service = new ecs.FargateService(scope, 'Service', {
    cluster,
    taskDefinition: options.taskDefinition,
    desiredCount: config.desiredCount,
    assignPublicIp: network.assignPublicIp,
    vpcSubnets: network.taskSubnets,
    securityGroups: [groups.task],
    platformVersion: ecs.FargatePlatformVersion.LATEST,
    minHealthyPercent: 100,
    maxHealthyPercent: 200,
    circuitBreaker: { enable: true, rollback: true },
    // The app answers its health check once the database does; give a new task a minute to get there.
    healthCheckGracePeriod: Duration.seconds(60),
    enableECSManagedTags: true,
    propagateTags: ecs.PropagatedTagSource.SERVICE,
  });
  (service.node.defaultChild as ecs.CfnService).availabilityZoneRebalancing = 'ENABLED';

  const loadBalancer = new elbv2.ApplicationLoadBalancer(scope, 'LoadBalancer', {
    vpc: network.vpc,
    internetFacing: true,
    vpcSubnets: network.albSubnets,
    securityGroup: groups.alb,
    dropInvalidHeaderFields: true,
    // 60 s, below the app's 65 s keep-alive: the ALB never reuses a connection the app is closing.
    idleTimeout: Duration.seconds(60),
  });
  if (config.accessLogsBucket) {
    // An existing bucket: its policy already lets the region's ELB write (README). Creating one here
    // would need the region at synth, and this template is region-agnostic.
    loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
    loadBalancer.setAttribute('access_logs.s3.bucket', config.accessLogsBucket);
    loadBalancer.setAttribute('access_logs.s3.prefix', options.name);
  }
  const targetGroup = new elbv2.ApplicationTargetGroup(scope, 'TargetGroup', {
    vpc: network.vpc,
    targetType: elbv2.TargetType.IP,
    protocol: elbv2.ApplicationProtocol.HTTP,
    port: CONTAINER_PORT,
    healthCheck: {
      path: HEALTH_CHECK_PATH,
      healthyHttpCodes: '200',
      interval: Duration.seconds(15),
      timeout: Duration.seconds(5),
      healthyThresholdCount: 2,
      unhealthyThresholdCount: 3,
    },
    // The app finishes in-flight requests within its 30 s stopTimeout; waiting longer only slows deploys.
    deregistrationDelay: Duration.seconds(30),
  });
  targetGroup.addTarget(service.loadBalancerTarget({ containerName: CONTAINER_NAME, containerPort: CONTAINER_PORT }));

  if (config.certificateArn) {
    loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [elbv2.ListenerCertificate.fromArn(config.certificateArn)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: false,
      defaultTargetGroups: [targetGroup],
    });
    loadBalancer.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }),
    });
  } else {
    loadBalancer.addListener('Http', { port: 80, protocol: elbv2.ApplicationProtocol.HTTP, open: false, defaultTargetGroups: [targetGroup] });
  }
  const url = `${config.certificateArn ? 'https' : 'http'}://${loadBalancer.loadBalancerDnsName}`;
  return { cluster, service, loadBalancer, url };
}
