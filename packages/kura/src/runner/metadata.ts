// The task metadata endpoint v4's two documents (container and task), with the fields programs
// commonly read: names, ARNs, statuses, health, labels. Built from the supervisor's live view.

import type { ContainerStatus, HealthStatus, TaskStatus } from './events.js';
import type { TaskPlan } from './task-plan.js';

export interface LiveContainer {
  name: string;
  status: ContainerStatus;
  health: HealthStatus;
  exitCode?: number;
  startedAt?: number;
}

export interface TaskIdentity {
  taskArn: string;
  taskId: string;
  clusterArn: string;
  region: string;
  accountId: string;
}

export function containerMetadata(plan: TaskPlan, id: TaskIdentity, live: LiveContainer | undefined, name: string): object | undefined {
  const index = plan.containers.findIndex((c) => c.definition.name === name);
  const planned = plan.containers[index];
  if (!planned) return undefined;
  const { family, revision } = plan.definition;
  return {
    DockerId: `${id.taskId}-${index}`,
    Name: name,
    DockerName: `ecs-${family}-${revision}-${name}`,
    Image: planned.definition.image,
    Labels: {
      'com.amazonaws.ecs.cluster': id.clusterArn,
      'com.amazonaws.ecs.container-name': name,
      'com.amazonaws.ecs.task-arn': id.taskArn,
      'com.amazonaws.ecs.task-definition-family': family,
      'com.amazonaws.ecs.task-definition-version': String(revision),
    },
    DesiredStatus: live?.status === 'STOPPED' ? 'STOPPED' : 'RUNNING',
    KnownStatus: live?.status ?? 'PENDING',
    ...(live?.exitCode !== undefined ? { ExitCode: live.exitCode } : {}),
    ...(live?.startedAt !== undefined ? { StartedAt: new Date(live.startedAt).toISOString() } : {}),
    Type: 'NORMAL',
    ContainerARN: `arn:aws:ecs:${id.region}:${id.accountId}:container/default/${id.taskId}/${name}`,
    ...(planned.definition.healthCheck ? { Health: { status: live?.health ?? 'UNKNOWN' } } : {}),
    LaunchType: 'FARGATE',
  };
}

export function taskMetadata(
  plan: TaskPlan,
  id: TaskIdentity,
  status: { lastStatus: TaskStatus; desiredStatus: string },
  live: readonly LiveContainer[],
): object {
  return {
    Cluster: id.clusterArn,
    TaskARN: id.taskArn,
    Family: plan.definition.family,
    Revision: String(plan.definition.revision),
    DesiredStatus: status.desiredStatus,
    KnownStatus: status.lastStatus,
    LaunchType: 'FARGATE',
    Containers: plan.containers.map((c) =>
      containerMetadata(
        plan,
        id,
        live.find((l) => l.name === c.definition.name),
        c.definition.name,
      ),
    ),
  };
}
