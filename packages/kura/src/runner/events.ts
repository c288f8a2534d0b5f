// What `kura run-task` reports while a task runs, in ECS's vocabulary (lastStatus, stopCode,
// stoppedReason, healthStatus), as one line per event: readable text by default, JSON with --json.
// Events carry names, ARNs and states, never a secret's or a credential's value.

export type TaskStatus = 'PROVISIONING' | 'PENDING' | 'RUNNING' | 'STOPPING' | 'DEPROVISIONING' | 'STOPPED';
export type ContainerStatus = 'PENDING' | 'RUNNING' | 'STOPPED';
export type HealthStatus = 'UNKNOWN' | 'HEALTHY' | 'UNHEALTHY';
export type StopCode = 'TaskFailedToStart' | 'EssentialContainerExited' | 'UserInitiated' | 'ServiceSchedulerInitiated';

export type RunTaskEvent =
  | {
      type: 'task';
      lastStatus: TaskStatus;
      desiredStatus: 'RUNNING' | 'STOPPED';
      family?: string;
      revision?: number;
      stopCode?: StopCode;
      stoppedReason?: string;
      /** On STOPPED: the code `kura run-task` exits with. */
      exitCode?: number;
    }
  | { type: 'container'; name: string; lastStatus: ContainerStatus; pid?: number; exitCode?: number; reason?: string }
  | { type: 'health'; name: string; healthStatus: HealthStatus; taskHealthStatus: HealthStatus }
  | {
      type: 'credentials';
      role: 'task' | 'execution';
      roleArn: string;
      action: 'issued' | 'renewed' | 'renewal-failed';
      expiration?: string;
      renewAt?: string;
      message?: string;
    }
  | { type: 'secrets'; name: string; variables: string[] }
  | { type: 'note'; message: string };

export type StampedEvent = RunTaskEvent & { time: string; taskArn: string };

export function formatJson(event: StampedEvent): string {
  return `${JSON.stringify(event)}\n`;
}

export function formatText(event: StampedEvent): string {
  const line = (text: string) => `kura run-task: ${text}\n`;
  switch (event.type) {
    case 'task': {
      if (event.lastStatus === 'PROVISIONING') return line(`task ${event.taskArn} (${event.family}:${event.revision}) PROVISIONING`);
      const reason = event.stoppedReason ? ` (${event.stopCode}: ${event.stoppedReason})` : '';
      const exit = event.exitCode !== undefined ? `; exit code ${event.exitCode}` : '';
      return line(`task ${event.lastStatus}${reason}${exit}`);
    }
    case 'container': {
      const details = [
        event.pid !== undefined ? `pid ${event.pid}` : '',
        event.exitCode !== undefined ? `exit code ${event.exitCode}` : '',
        event.reason ?? '',
      ].filter(Boolean);
      return line(`container ${event.name} ${event.lastStatus}${details.length ? ` (${details.join('; ')})` : ''}`);
    }
    case 'health':
      return line(`container ${event.name} health ${event.healthStatus} (task health ${event.taskHealthStatus})`);
    case 'credentials':
      if (event.action === 'renewal-failed') return line(`${event.role} role ${event.roleArn}: renewal failed: ${event.message}`);
      return line(`${event.role} role ${event.roleArn}: credentials ${event.action}, expire ${event.expiration}${event.renewAt ? `, renewal at ${event.renewAt}` : ''}`);
    case 'secrets':
      return line(`container ${event.name}: secrets resolved for ${event.variables.join(', ')}`);
    case 'note':
      return line(event.message);
  }
}
