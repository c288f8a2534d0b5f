// Resources kura apply does not create (a VPC, a load balancer, an ECS service…) are listed as
// skipped. What other resources read from them is refused, except the few attributes CloudFormation
// would compute from the template alone: a log group, a repository, a cluster, a bucket… given an
// explicit name, has a Ref and an ARN that follow from that name, the account and the region. CDK's
// task execution role policy names the log group's and the repository's ARNs, and a task
// definition's image is the repository's URI, so a template that names them can be applied.

import { TemplateError } from './errors.js';
import { partitionOf, urlSuffixOf, type Environment } from './pseudo.js';
import { Unknown, type Value } from './values.js';

interface KnownType {
  /** The property whose value is the resource's name. */
  name: string;
  attributes(name: string, env: Environment): { [attribute: string]: string };
}

const arn = (env: Environment, service: string, resource: string) => `arn:${partitionOf(env.region)}:${service}:${env.region}:${env.accountId}:${resource}`;

const KNOWN: { [type: string]: KnownType } = {
  'AWS::Logs::LogGroup': { name: 'LogGroupName', attributes: (n, env) => ({ Ref: n, Arn: arn(env, 'logs', `log-group:${n}:*`) }) },
  'AWS::ECR::Repository': {
    name: 'RepositoryName',
    attributes: (n, env) => ({ Ref: n, Arn: arn(env, 'ecr', `repository/${n}`), RepositoryUri: `${env.accountId}.dkr.ecr.${env.region}.${urlSuffixOf(env.region)}/${n}` }),
  },
  'AWS::ECS::Cluster': { name: 'ClusterName', attributes: (n, env) => ({ Ref: n, Arn: arn(env, 'ecs', `cluster/${n}`) }) },
  'AWS::S3::Bucket': {
    name: 'BucketName',
    attributes: (n, env) => ({
      Ref: n,
      Arn: `arn:${partitionOf(env.region)}:s3:::${n}`,
      DomainName: `${n}.s3.${urlSuffixOf(env.region)}`,
      RegionalDomainName: `${n}.s3.${env.region}.${urlSuffixOf(env.region)}`,
    }),
  },
  'AWS::SNS::Topic': { name: 'TopicName', attributes: (n, env) => ({ Ref: arn(env, 'sns', n), TopicArn: arn(env, 'sns', n), TopicName: n }) },
  'AWS::SQS::Queue': {
    name: 'QueueName',
    attributes: (n, env) => {
      const url = `https://sqs.${env.region}.${urlSuffixOf(env.region)}/${env.accountId}/${n}`;
      return { Ref: url, QueueUrl: url, Arn: arn(env, 'sqs', n), QueueName: n };
    },
  },
  'AWS::Lambda::Function': { name: 'FunctionName', attributes: (n, env) => ({ Ref: n, Arn: arn(env, 'lambda', `function:${n}`) }) },
  'AWS::DynamoDB::Table': { name: 'TableName', attributes: (n, env) => ({ Ref: n, Arn: arn(env, 'dynamodb', `table/${n}`) }) },
};

/** The types with computable attributes, and which: for the documentation and messages. */
export function knownSkippedTypes(): Array<{ type: string; nameProperty: string; attributes: string[] }> {
  const sample: Environment = { accountId: '0', region: 'r', stackName: 's', stackId: 'i' };
  return Object.entries(KNOWN).map(([type, k]) => ({ type, nameProperty: k.name, attributes: Object.keys(k.attributes('n', sample)) }));
}

/**
 * A skipped resource's Ref (attribute undefined) or attribute, when CloudFormation's value follows
 * from the template; otherwise a TemplateError at `at` naming the resource and the attribute.
 * `nameOf` resolves the resource's name property (undefined when the template does not set it).
 */
export function skippedAttribute(
  logicalId: string,
  type: string,
  attribute: string | undefined,
  at: string,
  env: Environment,
  nameOf: (property: string) => Value | undefined,
): Value {
  const what = attribute === undefined ? `Ref ${logicalId}` : `Fn::GetAtt ${logicalId}.${attribute}`;
  const wanted = attribute ?? 'Ref';
  const known = KNOWN[type];
  const unavailable = `${logicalId} is an ${type}, which kura apply does not create, so its ${attribute ?? 'Ref'} is known only to AWS`;
  if (!known) throw new TemplateError(at, `${what}: ${unavailable}`);
  const sample = known.attributes('n', { accountId: '0', region: 'r', stackName: 's', stackId: 'i' });
  if (!(wanted in sample)) {
    throw new TemplateError(at, `${what}: ${unavailable} (kura apply computes ${Object.keys(sample).join(', ')} of an ${type} with a ${known.name})`);
  }
  const name = nameOf(known.name);
  if (name instanceof Unknown) return name;
  if (typeof name !== 'string' || name === '') {
    throw new TemplateError(at, `${what}: ${logicalId} is an ${type} without a ${known.name}: CloudFormation generates its name, so its ${attribute ?? 'Ref'} is known only to AWS; give it a ${known.name}`);
  }
  return known.attributes(name, env)[wanted]!;
}
