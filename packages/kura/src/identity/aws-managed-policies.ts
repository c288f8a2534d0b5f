// The AWS managed policies Kura knows, with the documents AWS publishes for them (AWS Managed Policy
// Reference Guide). A few are enough for Kura's uses: the bootstrap administrator
// (AdministratorAccess), read-only operators (IAMReadOnlyAccess, AmazonSSMReadOnlyAccess — AWS's
// ReadOnlyAccess itself lists thousands of actions of services Kura does not serve), and the ECS
// task execution role of the reference design (AmazonECSTaskExecutionRolePolicy). Policy ids and
// creation times are not in the reference guide to the second: GAPS.md marks them as guesses.

import type { ManagedPolicyRecord, PolicyVersionRecord } from '../store/policies.js';

export interface AwsManagedPolicy {
  record: ManagedPolicyRecord;
  version: PolicyVersionRecord;
}

const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: statement });

function define(
  name: string,
  path: string,
  id: string,
  description: string,
  versionId: string,
  created: string,
  updated: string,
  document: string,
): AwsManagedPolicy {
  const createDate = new Date(created);
  const updateDate = new Date(updated);
  return {
    record: {
      accountId: 'aws',
      name,
      id,
      path,
      arn: `arn:aws:iam::aws:policy${path}${name}`,
      description,
      createDate,
      updateDate,
      defaultVersionId: versionId,
      attachmentCount: 0,
      tags: [],
    },
    version: { versionId, document, isDefaultVersion: true, createDate: updateDate },
  };
}

const POLICIES: readonly AwsManagedPolicy[] = [
  define(
    'AdministratorAccess',
    '/',
    'ANPAIWMBCKSKIEE64ZLYK',
    'Provides full access to AWS services and resources.',
    'v1',
    '2015-02-06T18:39:46Z',
    '2015-02-06T18:39:46Z',
    doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]),
  ),
  define(
    'IAMReadOnlyAccess',
    '/',
    'ANPAJKSO7NDY4T57MWDSQ',
    'Provides read only access to IAM via the AWS Management Console.',
    'v4',
    '2015-02-06T18:39:48Z',
    '2018-01-25T19:11:27Z',
    doc([
      {
        Effect: 'Allow',
        Action: [
          'iam:GenerateCredentialReport',
          'iam:GenerateServiceLastAccessedDetails',
          'iam:Get*',
          'iam:List*',
          'iam:SimulateCustomPolicy',
          'iam:SimulatePrincipalPolicy',
        ],
        Resource: '*',
      },
    ]),
  ),
  define(
    'AmazonSSMReadOnlyAccess',
    '/',
    'ANPAJODSKQGGJTHRYZ5FC',
    'Provides read only access to Amazon SSM.',
    'v1',
    '2015-05-29T17:44:19Z',
    '2015-05-29T17:44:19Z',
    doc([{ Effect: 'Allow', Action: ['ssm:Describe*', 'ssm:Get*', 'ssm:List*'], Resource: '*' }]),
  ),
  define(
    'AmazonECSTaskExecutionRolePolicy',
    '/service-role/',
    'ANPAJG4T4G4PV56DE72PY',
    'Provides access to other AWS service resources that are required to run Amazon ECS tasks',
    'v1',
    '2017-11-16T18:48:22Z',
    '2017-11-16T18:48:22Z',
    doc([
      {
        Effect: 'Allow',
        Action: [
          'ecr:GetAuthorizationToken',
          'ecr:BatchCheckLayerAvailability',
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchGetImage',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
        ],
        Resource: '*',
      },
    ]),
  ),
];

const BY_ARN = new Map(POLICIES.map((p) => [p.record.arn, p]));

export const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

/** AWS managed policy ARNs compare exactly (as AWS does): a case variant names no policy. */
export function awsManagedPolicy(arn: string): AwsManagedPolicy | undefined {
  return BY_ARN.get(arn);
}

/** Every AWS managed policy Kura knows, sorted by name (the order ListPolicies returns them in). */
export function awsManagedPolicies(): readonly AwsManagedPolicy[] {
  return [...POLICIES].sort((a, b) => a.record.name.toLowerCase().localeCompare(b.record.name.toLowerCase()));
}
