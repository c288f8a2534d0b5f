// The reference design as one stack: the blog post's KMS key, parameters, task role and policy,
// ECR repository, ECS service and ALB, built by hand there and declared here, with the posts API's
// image (`kura exec` as its entrypoint) in place of the Go sample's.
//
// Two variants, two stacks of the app (bin/app.ts):
//   'parameters' (KuraPostsApi): the reference design. Four String parameters and a SecureString
//     password (put by scripts/put-db-password.sh) under /goecssample/database/sample/master; the
//     task role may read that path and decrypt with the key, exactly what `kura policy` prints; the
//     entrypoint's `kura exec` reads them as the task role.
//   'secretsmanager' (KuraPostsApiSecretsManager): one generated Secrets Manager secret, read by ECS
//     as the execution role (the container's `secrets`), optionally with an RDS MySQL instance.
// The template is account- and region-agnostic: ARNs are built from the pseudo parameters.

import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct, IConstruct } from 'constructs';
import type { InfraConfig } from './config.js';
import { databaseSecret } from './database.js';
import { acknowledgeFindings } from './nag.js';
import { allowDatabase, createNetwork, createSecurityGroups, type Network } from './network.js';
import { databaseParameters, parameterPath, stringParameters } from './parameters.js';
import { parameterReadPolicy, readPolicyName, secretReadStatements } from './read-policy.js';
import { postsApiService } from './service.js';
import { ECS_TASKS, postsApiTask, type PostsApiTask, type TaskDefinitionOptions } from './task-definition.js';

export type Variant = 'parameters' | 'secretsmanager';

type TaskBase = Pick<TaskDefinitionOptions, 'family' | 'repositoryName' | 'imageTag' | 'logGroupName'>;

/** What a variant adds: the task definition, and the database's pieces when it creates them. */
interface VariantParts {
  task: PostsApiTask;
  databaseGroup?: ec2.ISecurityGroup | undefined;
  secret?: IConstruct | undefined;
  database?: IConstruct | undefined;
}

export interface PostsApiStackProps extends StackProps {
  variant: Variant;
  config: InfraConfig;
}

/** Each variant's names: the ECR repository, log group, key alias and task family all carry it. */
export function resourceName(variant: Variant): string {
  return variant === 'parameters' ? 'posts-api' : 'posts-api-secretsmanager';
}

export class PostsApiStack extends Stack {
  constructor(scope: Construct, id: string, props: PostsApiStackProps) {
    super(scope, id, props);
    const { config, variant } = props;
    const name = resourceName(variant);
    const retention = config.logRetentionDays as logs.RetentionDays;
    const network = createNetwork(this, config, { name, logRetention: retention });
    const groups = createSecurityGroups(this, network.vpc, config.certificateArn !== undefined);

    // The blog post's `aws kms create-key --description go-ecs-sample`, with yearly rotation. Kept when
    // the stack is deleted: a deleted key makes everything encrypted under it unreadable (README: destroy).
    const key = new kms.Key(this, 'Key', {
      description: `${name}: encrypts the posts API's database credentials (the reference design's go-ecs-sample key)`,
      alias: `alias/${name}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
    });
    // Images are tagged once (immutable tags): a tag names one build, and rolling back is deploying an older tag.
    const repository = new ecr.Repository(this, 'Repository', {
      repositoryName: name,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      imageScanOnPush: true,
      lifecycleRules: [{ description: 'keep the 30 most recent images (rollback targets)', maxImageCount: 30 }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const logGroupName = `/ecs/${name}`;
    const logGroup = new logs.LogGroup(this, 'LogGroup', { logGroupName, retention, removalPolicy: RemovalPolicy.RETAIN });

    const base = { family: name, repositoryName: name, imageTag: config.imageTag, logGroupName };
    const app = variant === 'parameters' ? this.parameters(config, name, key, base) : this.secrets(config, key, network, base);
    // The task definition names the repository and log group by name: make CloudFormation create them first.
    app.task.taskDefinition.node.addDependency(repository, logGroup);
    allowDatabase(this, groups.task, network, app.databaseGroup ?? config.dbSecurityGroupId);

    const service = postsApiService(this, { name, config, network, groups, taskDefinition: app.task.taskDefinition });
    new CfnOutput(this, 'Url', { value: `${service.url}/posts`, description: 'The posts API through the load balancer' });
    // From the name, not the repository's attributes: like the task definition, computable by `kura apply`.
    new CfnOutput(this, 'RepositoryUri', { value: `${this.account}.dkr.ecr.${this.region}.${this.urlSuffix}/${name}`, description: 'docker push here' });
    new CfnOutput(this, 'KeyAlias', { value: `alias/${name}` });
    // The key outlives the stack (and its alias): note its id to schedule its deletion (README: destroy).
    new CfnOutput(this, 'KeyId', { value: key.keyId });
    // For one-off tasks (the schema migration): where the service's tasks run, and as which group.
    new CfnOutput(this, 'TaskSubnetIds', { value: network.vpc.selectSubnets(network.taskSubnets).subnetIds.join(',') });
    new CfnOutput(this, 'TaskSecurityGroupId', { value: groups.task.securityGroupId });
    new CfnOutput(this, 'AssignPublicIp', { value: network.assignPublicIp ? 'ENABLED' : 'DISABLED' });
    new CfnOutput(this, 'LogGroupName', { value: logGroupName });
    new CfnOutput(this, 'ClusterName', { value: service.cluster.clusterName });
    new CfnOutput(this, 'ServiceName', { value: service.service.serviceName });

    acknowledgeFindings({
      config,
      variant,
      name,
      parameterPath: variant === 'parameters' ? parameterPath(config.parameterPrefix) : undefined,
      albSecurityGroup: groups.alb,
      cluster: service.cluster,
      loadBalancer: service.loadBalancer,
      taskDefinition: app.task.taskDefinition,
      executionRole: app.task.executionRole,
      taskRole: app.task.taskDefinition.taskRole,
      databaseSecret: app.secret,
      database: app.database,
    });
  }

  /** The reference design: four String parameters, and a task role that reads them and the SecureString. */
  private parameters(config: InfraConfig, name: string, key: kms.Key, base: TaskBase): VariantParts {
    const path = parameterPath(config.parameterPrefix);
    const db = databaseParameters(this, { external: true });
    if (!db.host || !db.port) throw new Error('the parameters variant needs DbHost and DbPort');
    stringParameters(this, path, { user: db.user, host: db.host, name: db.name, port: db.port });
    const taskRole = new iam.Role(this, 'TaskRole', {
      assumedBy: new iam.ServicePrincipal(ECS_TASKS),
      description: `posts-api tasks: read ${path} and decrypt it with alias/${name}; nothing else`,
      inlinePolicies: { [readPolicyName(path)]: parameterReadPolicy(this, path, key.keyArn) },
    });
    const task = postsApiTask(this, { ...base, environment: { PARAMETER_STORE_PREFIX: config.parameterPrefix }, taskRole });
    new CfnOutput(this, 'ParameterPath', { value: path, description: 'The parameters the task role may read' });
    new CfnOutput(this, 'PasswordParameter', { value: `${path}/password`, description: 'The SecureString to put with scripts/put-db-password.sh' });
    return { task };
  }

  /**
   * The Secrets Manager variant: a generated secret that ECS reads as the execution role, and with
   * `-c rds=true` the database itself (only here: RDS needs its master password at creation, and the
   * reference design's is a SecureString put after the deploy).
   */
  private secrets(config: InfraConfig, key: kms.Key, network: Network, base: TaskBase): VariantParts {
    const secretName = `${config.parameterPrefix}/db`;
    const db = databaseParameters(this, { external: !config.rds });
    const credentials = databaseSecret(this, { name: secretName, key, db, network, rds: config.rds });
    const task = postsApiTask(this, {
      ...base,
      secretKeys: { secret: credentials.secret, keys: { DB_USER: 'username', DB_PASSWORD: 'password', DB_HOST: 'host', DB_NAME: 'dbname', DB_PORT: 'port' } },
      executionPolicies: { 'kura-read-secrets': new iam.PolicyDocument({ statements: secretReadStatements(this, secretName, key.keyArn) }) },
    });
    new CfnOutput(this, 'SecretName', { value: secretName, description: 'The generated database credentials' });
    if (credentials.instance) {
      new CfnOutput(this, 'DatabaseEndpoint', { value: credentials.instance.dbInstanceEndpointAddress });
      new CfnOutput(this, 'DatabaseInstanceId', { value: credentials.instance.instanceIdentifier, description: 'README: destroy (deletion protection)' });
    }
    return { task, databaseGroup: credentials.securityGroup, secret: credentials.generated, database: credentials.instance };
  }
}
