// One task's life, in ECS's order:
//   PROVISIONING   the agent endpoint starts; the task role is assumed as ecs-tasks.amazonaws.com
//   PENDING        environment files are read; the execution role resolves `secrets`
//   RUNNING        every container has started (supervisor.ts)
//   STOPPING       containers stop in reverse dependency order
//   DEPROVISIONING credentials stop renewing; the endpoint closes
//   STOPPED        with stopCode, stoppedReason and the exit code of `kura run-task`
// A failure before any container starts stops the task with TaskFailedToStart and ECS's
// wording, and no program runs.

import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { constants } from 'node:os';
import type { Writable } from 'node:stream';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startAgentEndpoint, rfc3339 } from './agent-endpoint.js';
import { containerEnvironment, parseEnvFile } from './environment.js';
import type { RunTaskEvent, StampedEvent, StopCode, TaskStatus } from './events.js';
import { timingOf } from './health-check.js';
import { containerMetadata, taskMetadata, type TaskIdentity } from './metadata.js';
import { RenewingCredentials } from './renewing-credentials.js';
import { SECRETS_FAILURE, SecretsError, describeSdkError, resolveSecrets } from './secrets.js';
import { ServiceRoleError, assumeRoleAsService, type AdminCredentials } from './service-role.js';
import { Supervisor, type TaskOutcome } from './supervisor.js';
import type { TaskPlan } from './task-plan.js';

export interface RunTaskOptions {
  plan: TaskPlan;
  endpoint: string;
  region: string;
  /** Lifetime requested for the task role's credentials (renewed before they expire). */
  credentialDurationSeconds?: number;
  keepUnhealthy?: boolean;
  /** The environment the containers inherit, before AWS_* variables are removed. */
  inheritedEnv: NodeJS.ProcessEnv;
  output: { stdout: Writable; stderr: Writable };
  onEvent: (event: StampedEvent) => void;
}

export interface RunningTask {
  taskArn: string;
  finished: Promise<TaskOutcome>;
  /** Stops the task as StopTask would (UserInitiated); the exit code is 128 + the signal's number. */
  stop(signal: NodeJS.Signals): void;
  /** Kills every container now, without waiting for stopTimeout. */
  forceKill(): void;
}

export class AdministratorError extends Error {
  override readonly name = 'AdministratorError';
}

/** Who run-task acts as: the credentials of the usual chain, checked against Kura. */
export async function identifyAdministrator(endpoint: string, region: string): Promise<{ credentials: AdminCredentials; accountId: string; arn: string }> {
  const sts = new STSClient({ region, endpoint, maxAttempts: 1 });
  try {
    const me = await sts.send(new GetCallerIdentityCommand({}));
    const c = await sts.config.credentials();
    return {
      credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}) },
      accountId: me.Account ?? '',
      arn: me.Arn ?? '',
    };
  } catch (error) {
    throw new AdministratorError(`cannot authenticate to Kura at ${endpoint} with the administrator's credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, e.g. from .kura/admin.env): ${describeSdkError(error)}`);
  } finally {
    sts.destroy();
  }
}

/** A failure before any container started: the task stops with stopCode TaskFailedToStart. */
class StartFailure extends Error {}

export async function startTask(options: RunTaskOptions): Promise<RunningTask> {
  const { plan, endpoint, region } = options;
  const admin = await identifyAdministrator(endpoint, region);
  const taskId = randomUUID().replace(/-/g, '');
  const clusterArn = `arn:aws:ecs:${region}:${admin.accountId}:cluster/default`;
  const taskArn = `arn:aws:ecs:${region}:${admin.accountId}:task/default/${taskId}`;
  const id: TaskIdentity = { taskArn, taskId, clusterArn, region, accountId: admin.accountId };
  const roleArn = (role: string) => (role.startsWith('arn:') ? role : `arn:aws:iam::${admin.accountId}:role/${role}`);
  const status: { lastStatus: TaskStatus; desiredStatus: 'RUNNING' | 'STOPPED' } = { lastStatus: 'PROVISIONING', desiredStatus: 'RUNNING' };
  const emit = (event: RunTaskEvent): void => {
    if (event.type === 'task') Object.assign(status, { lastStatus: event.lastStatus, desiredStatus: event.desiredStatus });
    options.onEvent({ time: new Date().toISOString(), taskArn, ...event });
  };

  let supervisor: Supervisor | undefined;
  let stopRequest: TaskOutcome | undefined;
  const assumeAs = (role: string, durationSeconds: number) => () =>
    assumeRoleAsService(endpoint, region, admin.credentials, { roleArn: role, sessionName: taskId, durationSeconds, sourceArn: taskArn });

  const lifecycle = async (): Promise<TaskOutcome> => {
    emit({ type: 'task', lastStatus: 'PROVISIONING', desiredStatus: 'RUNNING', family: plan.definition.family, revision: plan.definition.revision });
    for (const message of plan.notes) emit({ type: 'note', message });
    let renewing: RenewingCredentials | undefined;
    const taskRoleArn = plan.definition.taskRoleArn ? roleArn(plan.definition.taskRoleArn) : undefined;
    const agent = await startAgentEndpoint({
      ...(taskRoleArn ? { taskRole: { roleArn: taskRoleArn, credentials: () => renewing?.get() } } : {}),
      containerMetadata: (name) => containerMetadata(plan, id, supervisor?.snapshot().find((c) => c.name === name), name),
      taskMetadata: () => taskMetadata(plan, id, status, supervisor?.snapshot() ?? []),
    });
    const teardown = async (outcome: TaskOutcome): Promise<TaskOutcome> => {
      emit({ type: 'task', lastStatus: 'DEPROVISIONING', desiredStatus: 'STOPPED', stopCode: outcome.stopCode, stoppedReason: outcome.stoppedReason });
      renewing?.stop();
      await agent.close();
      emit({ type: 'task', lastStatus: 'STOPPED', desiredStatus: 'STOPPED', ...outcome });
      return outcome;
    };
    try {
      if (taskRoleArn) {
        renewing = new RenewingCredentials(assumeAs(taskRoleArn, options.credentialDurationSeconds ?? 3600), (e) =>
          emit({
            type: 'credentials',
            role: 'task',
            roleArn: taskRoleArn,
            action: e.action,
            ...(e.action === 'renewal-failed' ? { message: e.message } : { expiration: rfc3339(e.expiration), renewAt: rfc3339(e.renewAt) }),
          }),
        );
        await renewing.start().catch((error: unknown) => {
          throw new StartFailure(`ECS was unable to assume the role '${taskRoleArn}' that was provided for this task: ${messageOf(error)}`);
        });
      } else {
        emit({ type: 'note', message: 'the task definition has no taskRoleArn: programs get no AWS credentials (as on ECS)' });
      }
      if (stopRequest) return await teardown(stopRequest);

      emit({ type: 'task', lastStatus: 'PENDING', desiredStatus: 'RUNNING' });
      const files = await readEnvironmentFiles(plan, emit);
      const secrets = await resolveTaskSecrets(plan, endpoint, region, plan.definition.executionRoleArn ? roleArn(plan.definition.executionRoleArn) : undefined, assumeAs);
      for (const [name, vars] of secrets) emit({ type: 'secrets', name, variables: [...vars.keys()] });
      if (stopRequest) return await teardown(stopRequest);

      supervisor = new Supervisor({
        containers: plan.containers.map((c) => ({
          name: c.definition.name,
          essential: c.definition.essential,
          argv: c.argv,
          cwd: c.cwd,
          dependsOn: c.dependsOn,
          stopTimeoutMs: c.definition.stopTimeoutSeconds * 1000,
          ...(c.definition.startTimeoutSeconds !== undefined ? { startTimeoutMs: c.definition.startTimeoutSeconds * 1000 } : {}),
          ...(c.definition.healthCheck ? { healthCheck: { command: c.definition.healthCheck.command, timing: timingOf(c.definition.healthCheck) } } : {}),
          env: containerEnvironment({
            inherited: options.inheritedEnv,
            agent: {
              region,
              endpointUrl: endpoint,
              metadataUri: agent.metadataUri(c.definition.name),
              ...(taskRoleArn ? { credentials: { fullUri: agent.credentialsUri, authorizationToken: agent.authorizationToken } } : {}),
            },
            files: files.get(c.definition.name) ?? [],
            environment: c.definition.environment,
            secrets: secrets.get(c.definition.name) ?? new Map(),
          }),
        })),
        output: { ...options.output, prefixed: plan.containers.length > 1 },
        emit,
        keepUnhealthy: options.keepUnhealthy ?? false,
      });
      supervisor.start();
      return await teardown(await supervisor.finished);
    } catch (error) {
      if (!(error instanceof StartFailure || error instanceof SecretsError)) throw error;
      return teardown({ stopCode: 'TaskFailedToStart', stoppedReason: error.message, exitCode: 1 });
    }
  };

  return {
    taskArn,
    finished: lifecycle(),
    stop(signal) {
      const outcome = { stopCode: 'UserInitiated' as StopCode, stoppedReason: `Task stopped by user (${signal})`, exitCode: 128 + (constants.signals[signal] ?? 0) };
      if (supervisor) supervisor.stop(outcome.stopCode, outcome.stoppedReason, outcome.exitCode);
      else stopRequest ??= outcome;
    },
    forceKill: () => supervisor?.forceKill(),
  };
}

async function readEnvironmentFiles(plan: TaskPlan, emit: (e: RunTaskEvent) => void): Promise<Map<string, Array<Map<string, string>>>> {
  const out = new Map<string, Array<Map<string, string>>>();
  for (const c of plan.containers) {
    const parsed: Array<Map<string, string>> = [];
    for (const file of c.definition.environmentFiles) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new StartFailure(`ResourceInitializationError: failed to download env files: ${file}: ${(error as NodeJS.ErrnoException).code ?? messageOf(error)}`);
      }
      const { vars, skipped } = parseEnvFile(text);
      if (skipped.length > 0) emit({ type: 'note', message: `container ${c.definition.name}: ${file}: line ${skipped.join(', ')} not VAR=VALUE, ignored (as ECS does)` });
      parsed.push(vars);
    }
    out.set(c.definition.name, parsed);
  }
  return out;
}

async function resolveTaskSecrets(
  plan: TaskPlan,
  endpoint: string,
  region: string,
  executionRoleArn: string | undefined,
  assumeAs: (role: string, durationSeconds: number) => () => ReturnType<typeof assumeRoleAsService>,
): Promise<Map<string, Map<string, string>>> {
  const refs = plan.containers.flatMap((c) => c.definition.secrets.map((s) => ({ container: c.definition.name, ...s })));
  if (refs.length === 0 || !executionRoleArn) return new Map();
  // The execution role's session lives only as long as resolution needs it: the minimum.
  const credentials = await assumeAs(executionRoleArn, 900)().catch((error: unknown) => {
    throw new StartFailure(`${SECRETS_FAILURE}ECS was unable to assume the execution role '${executionRoleArn}': ${messageOf(error)}`);
  });
  return resolveSecrets(refs, { endpoint, region, credentials });
}

/** `AccessDenied: …` for STS's answers (the code says what kind of failure), the message otherwise. */
const messageOf = (error: unknown): string => {
  if (error instanceof ServiceRoleError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
};
