// The cdk-nag AWS Solutions findings this design accepts, each on the one resource it concerns and
// with the reason it is accepted. cdk-nag 3 runs as a CDK validation plugin (lib/app.ts): a finding
// not acknowledged here fails `cdk synth`, and test/nag.test.ts synthesizes every configuration the
// README documents and checks that none is left. (cdk-nag 3 replaced NagSuppressions with CDK's own
// Validations.acknowledge: the same suppression, recorded in the construct tree.)

import { Validations } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import type { InfraConfig } from './config.js';

export interface Findings {
  config: InfraConfig;
  variant: 'parameters' | 'secretsmanager';
  name: string;
  parameterPath: string | undefined;
  albSecurityGroup: ec2.SecurityGroup;
  cluster: ecs.Cluster;
  loadBalancer: elbv2.ApplicationLoadBalancer;
  taskDefinition: ecs.FargateTaskDefinition;
  executionRole: iam.Role;
  taskRole: iam.IRole;
  databaseSecret: IConstruct | undefined;
  database: IConstruct | undefined;
}

const acknowledge = (scope: IConstruct, rule: string, reason: string) => Validations.of(scope).acknowledge({ id: `AwsSolutions::AwsSolutions-${rule}`, reason });

/** `arn:<AWS::Partition>:…`: how cdk-nag names a resource built from the pseudo parameters. */
function nagArn(service: string, resource: string): string {
  return `arn:<AWS::Partition>:${service}:<AWS::Region>:<AWS::AccountId>:${resource}`;
}

export function acknowledgeFindings(f: Findings): void {
  acknowledge(
    f.albSecurityGroup,
    'EC23',
    'The internet-facing load balancer of a public API: HTTP(S) from anywhere is its purpose. It forwards only to the tasks, whose security group admits the load balancer and nothing else.',
  );
  if (!f.config.accessLogsBucket) {
    acknowledge(
      f.loadBalancer,
      'ELB2',
      "Access logs need an S3 bucket whose policy names the region's ELB log delivery, which this region-agnostic template cannot write; give an existing bucket with -c accessLogsBucket=NAME (README: access logs).",
    );
  }
  if (!f.config.containerInsights) {
    acknowledge(
      f.cluster,
      'ECS4',
      "Container Insights is billed per metric and log volume; ECS's own service CPU/memory metrics and the load balancer's metrics remain. Turn it on with -c containerInsights=true (README: cost).",
    );
  }
  // The execution role's grants, made by the CDK for the image and the log driver.
  acknowledge(
    f.executionRole.node.findChild('DefaultPolicy'),
    'IAM5[Resource::*]',
    'ecr:GetAuthorizationToken, and only it, is on Resource "*": it has no resource-level permissions (an ECR login token is per registry). The pull actions are on the repository\'s ARN.',
  );
  acknowledge(
    f.executionRole.node.findChild('DefaultPolicy'),
    `IAM5[Resource::${nagArn('logs', `log-group:/ecs/${f.name}:*`)}]`,
    "The streams of this one log group: ECS's awslogs driver creates a stream per task (logs:CreateLogStream, logs:PutLogEvents), named at run time.",
  );
  if (f.variant === 'parameters') {
    acknowledge(
      f.taskRole,
      `IAM5[Resource::${nagArn('ssm', `parameter${f.parameterPath}/*`)}]`,
      'The parameters below the path the app reads, and no others: `kura policy`\'s least-privilege form (ssm:GetParametersByPath is authorized on the path, ssm:GetParameter(s) on each parameter below it; kms:Decrypt only through SSM for them). test/policy.test.ts compares it with kura policy.',
    );
    acknowledge(
      f.taskDefinition,
      'ECS2',
      'The one environment variable is PARAMETER_STORE_PREFIX, the Parameter Store path the entrypoint reads (not a secret); the database settings and password come from Parameter Store through kura exec at start.',
    );
  }
  if (f.databaseSecret) {
    acknowledge(
      f.databaseSecret,
      'SMG4',
      'In this variant ECS injects the credentials at task start and the app cannot read them again, so a rotation breaks new connections until tasks are replaced (examples/posts-api/README.md: Rotation). Rotate with the DB_SECRET_ID entrypoint and alternating users instead (README: rotation).',
    );
  }
  if (f.database) {
    acknowledge(
      f.database,
      'RDS3',
      'The optional database is a single-AZ db.t4g.micro for trying the design (README: cost): a Multi-AZ standby doubles its price. Production databases belong to their own stack, Multi-AZ.',
    );
    acknowledge(
      f.database,
      'RDS11',
      "3306 is the reference design's port (DB_PORT in the parameters, the secret and the app's defaults); the database's security group admits the tasks only, so another port would hide nothing.",
    );
  }
}
