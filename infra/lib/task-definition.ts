// The posts API's task definition, field for field examples/posts-api/task-definition.json (or
// task-definition.secretsmanager.json for the Secrets Manager variant), with the image's ENTRYPOINT and
// CMD written out so that `kura run-task` (which runs entryPoint + command, pulling no image) runs
// the same argv ECS runs: docker-entrypoint.sh, then `kura exec`, then the app.
//
// The ECR repository and the log group are named and referred to by name here (not by the resources'
// attributes), so the template computes their ARNs from the name and the pseudo parameters alone:
// `kura apply`, which skips ECR and CloudWatch Logs, can still resolve every value of this definition.

import { Duration } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { CONTAINER_PORT } from './network.js';

export const CONTAINER_NAME = 'posts-api';
export const ENTRY_POINT = ['docker-entrypoint.sh'];
export const COMMAND = ['node', 'dist/server.js'];
/** The examples' health check: the slim image has no curl; a 4 s client timeout, under ECS's 5 s. */
export const HEALTH_CHECK =
  "node -e \"fetch('http://127.0.0.1:' + (process.env.PORT || 80) + '/.healthcheck', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))\"";
export const ECS_TASKS = 'ecs-tasks.amazonaws.com';

export interface TaskDefinitionOptions {
  family: string;
  repositoryName: string;
  imageTag: string;
  logGroupName: string;
  environment?: Record<string, string>;
  /** Container secrets: environment variable → one JSON key of a Secrets Manager secret. */
  secretKeys?: { secret: secretsmanager.ISecret; keys: Record<string, string> };
  /**
   * The task role; undefined for the CDK's default, a role without permissions (the Secrets Manager
   * variant's app calls no AWS API: ECS reads its secret as the execution role).
   */
  taskRole?: iam.IRole | undefined;
  /** Inline policies of the execution role besides image pull and logs (the secrets it reads). */
  executionPolicies?: Record<string, iam.PolicyDocument>;
}

export interface PostsApiTask {
  taskDefinition: ecs.FargateTaskDefinition;
  executionRole: iam.Role;
}

export function postsApiTask(scope: Construct, options: TaskDefinitionOptions): PostsApiTask {
  const executionRole = new iam.Role(scope, 'ExecutionRole', {
    assumedBy: new iam.ServicePrincipal(ECS_TASKS),
    description: `ECS agent of ${options.family}: pulls the image, writes logs${options.executionPolicies ? ', reads the database secret' : ''}`,
    ...(options.executionPolicies ? { inlinePolicies: options.executionPolicies } : {}),
  });
  const taskDefinition = new ecs.FargateTaskDefinition(scope, 'TaskDefinition', {
    family: options.family,
    cpu: 256,
    memoryLimitMiB: 512,
    runtimePlatform: { operatingSystemFamily: ecs.OperatingSystemFamily.LINUX, cpuArchitecture: ecs.CpuArchitecture.X86_64 },
    executionRole,
    ...(options.taskRole ? { taskRole: options.taskRole } : {}),
  });

  const repository = ecr.Repository.fromRepositoryName(scope, 'ImageRepository', options.repositoryName);
  const logGroup = logs.LogGroup.fromLogGroupName(scope, 'ContainerLogGroup', options.logGroupName);
  taskDefinition.addContainer('Container', {
    containerName: CONTAINER_NAME,
    image: ecs.ContainerImage.fromEcrRepository(repository, options.imageTag),
    essential: true,
    entryPoint: ENTRY_POINT,
    command: COMMAND,
    portMappings: [{ name: 'http', containerPort: CONTAINER_PORT, hostPort: CONTAINER_PORT, protocol: ecs.Protocol.TCP, appProtocol: ecs.AppProtocol.http }],
    ...(options.environment ? { environment: options.environment } : {}),
    ...(options.secretKeys ? { secrets: secretEnvironment(options.secretKeys.secret, options.secretKeys.keys) } : {}),
    healthCheck: { command: ['CMD-SHELL', HEALTH_CHECK], interval: Duration.seconds(30), timeout: Duration.seconds(5), retries: 3, startPeriod: Duration.seconds(15) },
    readonlyRootFilesystem: true,
    // Port 80 as the image's non-root user (uid 1000).
    systemControls: [{ namespace: 'net.ipv4.ip_unprivileged_port_start', value: String(CONTAINER_PORT) }],
    // The app drains in-flight requests on SIGTERM; SIGKILL follows after this.
    stopTimeout: Duration.seconds(30),
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: CONTAINER_NAME }),
  });
  return { taskDefinition, executionRole };
}

/**
 * `valueFrom` = the secret's ARN + `:<json-key>::` (AWSCURRENT), as in task-definition.secretsmanager.json.
 * ecs.Secret.fromSecretsManager would also grant the execution role secretsmanager:DescribeSecret and
 * a kms:Decrypt of its own making; the role's one secret policy is instead exactly `kura policy
 * --secret`'s (executionPolicies), so this grant is dropped.
 */
function secretEnvironment(secret: secretsmanager.ISecret, keys: Record<string, string>): Record<string, ecs.Secret> {
  class JsonKey extends ecs.Secret {
    readonly hasField = true;
    constructor(readonly arn: string) {
      super();
    }
    grantRead(grantee: iam.IGrantable): iam.Grant {
      return iam.Grant.drop(grantee, 'the execution role holds the kura policy --secret statements');
    }
  }
  return Object.fromEntries(Object.entries(keys).map(([variable, key]) => [variable, new JsonKey(`${secret.secretArn}:${key}::`)]));
}

