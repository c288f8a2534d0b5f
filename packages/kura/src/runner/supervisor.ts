// Runs a task's containers the way the ECS agent orders them: a container starts once its
// dependsOn conditions hold (START, COMPLETE, SUCCESS, HEALTHY; the dependency's startTimeout
// bounds the wait), the task is RUNNING once every container has started, and it stops when an
// essential container exits (or turns UNHEALTHY, as a service would replace it), or when asked.
// Stopping goes in reverse dependency order: a container is signalled only after the containers
// that depend on it have stopped, each with SIGTERM then SIGKILL after its stopTimeout.

import { ContainerProcess, type OutputSink } from './container-process.js';
import type { ContainerStatus, HealthStatus, RunTaskEvent, StopCode } from './events.js';
import { HealthMonitor, type HealthTiming } from './health-check.js';
import type { DependencyCondition, HealthCheck } from './task-definition.js';

export interface SupervisedContainer {
  name: string;
  essential: boolean;
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  healthCheck?: { command: HealthCheck['command']; timing: HealthTiming };
  /** Only dependencies on containers that run in this task. */
  dependsOn: Array<{ containerName: string; condition: DependencyCondition }>;
  stopTimeoutMs: number;
  startTimeoutMs?: number;
}

export interface TaskOutcome {
  stopCode: StopCode;
  stoppedReason: string;
  /** What `kura run-task` exits with. */
  exitCode: number;
}

export interface SupervisorOptions {
  containers: SupervisedContainer[];
  output: Omit<OutputSink, 'prefix'> & { prefixed: boolean };
  emit: (event: RunTaskEvent) => void;
  /** Report UNHEALTHY essential containers without stopping the task (ECS standalone-task behaviour). */
  keepUnhealthy?: boolean;
}

interface State {
  spec: SupervisedContainer;
  status: ContainerStatus;
  starting: boolean;
  signalled: boolean;
  started: boolean;
  startedAt?: number;
  exitCode?: number;
  health: HealthStatus;
  process?: ContainerProcess;
  monitor?: HealthMonitor;
}

type Verdict = { kind: 'ready' } | { kind: 'wait' } | { kind: 'fail'; reason: string };

export class Supervisor {
  readonly finished: Promise<TaskOutcome>;
  private finish!: (outcome: TaskOutcome) => void;
  private readonly states: Map<string, State>;
  private outcome: TaskOutcome | undefined;
  private reportedRunning = false;
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly options: SupervisorOptions) {
    this.states = new Map(options.containers.map((spec) => [spec.name, { spec, status: 'PENDING', starting: false, signalled: false, started: false, health: 'UNKNOWN' }]));
    this.finished = new Promise((resolve) => (this.finish = resolve));
  }

  start(): void {
    for (const s of this.states.values()) this.options.emit({ type: 'container', name: s.spec.name, lastStatus: 'PENDING' });
    this.evaluate();
  }

  /** Stops the task (first stop wins: its code and reason are the task's). */
  stop(stopCode: StopCode, stoppedReason: string, exitCode: number): void {
    if (this.outcome) return;
    this.outcome = { stopCode, stoppedReason, exitCode };
    for (const t of this.timers) clearTimeout(t);
    this.options.emit({ type: 'task', lastStatus: 'STOPPING', desiredStatus: 'STOPPED', stopCode, stoppedReason });
    for (const s of this.states.values()) {
      if (s.status === 'PENDING' && !s.starting) this.setStopped(s, undefined, 'the task stopped before the container started');
    }
    this.advanceStop();
  }

  /** Second Ctrl-C: no more waiting for stopTimeout. */
  forceKill(): void {
    for (const s of this.states.values()) s.process?.kill();
  }

  taskHealth(): HealthStatus {
    const watched = [...this.states.values()].filter((s) => s.spec.essential && s.spec.healthCheck);
    if (watched.some((s) => s.health === 'UNHEALTHY')) return 'UNHEALTHY';
    return watched.length > 0 && watched.every((s) => s.health === 'HEALTHY') ? 'HEALTHY' : 'UNKNOWN';
  }

  /** A snapshot for the metadata endpoint. */
  snapshot(): Array<{ name: string; status: ContainerStatus; health: HealthStatus; exitCode?: number; startedAt?: number; pid?: number }> {
    return [...this.states.values()].map((s) => ({
      name: s.spec.name,
      status: s.status,
      health: s.health,
      ...(s.exitCode !== undefined ? { exitCode: s.exitCode } : {}),
      ...(s.startedAt !== undefined ? { startedAt: s.startedAt } : {}),
      ...(s.process ? { pid: s.process.pid } : {}),
    }));
  }

  private evaluate(): void {
    if (this.outcome) return this.advanceStop();
    for (const s of this.states.values()) {
      if (s.status !== 'PENDING' || s.starting) continue;
      const verdict = this.dependencies(s);
      if (verdict.kind === 'ready') void this.launch(s);
      else if (verdict.kind === 'fail') {
        this.setStopped(s, undefined, verdict.reason);
        if (s.spec.essential) return this.stop('EssentialContainerExited', 'Essential container in task exited', 1);
      }
    }
    const all = [...this.states.values()];
    if (!this.reportedRunning && all.every((s) => s.started || s.status === 'STOPPED') && all.some((s) => s.started)) {
      this.reportedRunning = true;
      this.options.emit({ type: 'task', lastStatus: 'RUNNING', desiredStatus: 'RUNNING' });
    }
    if (all.every((s) => s.status === 'STOPPED')) {
      const failed = all.find((s) => (s.exitCode ?? 1) !== 0);
      this.stop('EssentialContainerExited', 'All containers in task exited', failed ? (failed.exitCode ?? 1) : 0);
    }
  }

  private dependencies(target: State): Verdict {
    let waiting = false;
    for (const d of target.spec.dependsOn) {
      const dep = this.states.get(d.containerName);
      if (!dep) continue;
      const about = `container ordering dependency [${dep.spec.name}] for target [${target.spec.name}]`;
      if (dep.status === 'STOPPED' && !dep.started) return { kind: 'fail', reason: `dependency graph: failed to resolve ${about} because dependency will never start` };
      const stopped = dep.status === 'STOPPED';
      const met =
        d.condition === 'START' ? dep.started : d.condition === 'COMPLETE' ? stopped : d.condition === 'SUCCESS' ? stopped && dep.exitCode === 0 : dep.health === 'HEALTHY';
      if (met) continue;
      if (d.condition === 'SUCCESS' && stopped) return { kind: 'fail', reason: `dependency graph: failed to resolve ${about} as dependency did not exit successfully.` };
      if (d.condition === 'HEALTHY' && stopped) return { kind: 'fail', reason: `dependency graph: failed to resolve ${about} because dependency stopped before it was HEALTHY` };
      const timeout = dep.spec.startTimeoutMs;
      if (d.condition !== 'START' && timeout !== undefined && dep.startedAt !== undefined && Date.now() - dep.startedAt >= timeout) {
        return { kind: 'fail', reason: `dependency graph: ${about} has timed out.` };
      }
      waiting = true;
    }
    return waiting ? { kind: 'wait' } : { kind: 'ready' };
  }

  private async launch(s: State): Promise<void> {
    s.starting = true;
    let proc: ContainerProcess;
    try {
      const sink = { stdout: this.options.output.stdout, stderr: this.options.output.stderr, ...(this.options.output.prefixed ? { prefix: `${s.spec.name} | ` } : {}) };
      proc = await ContainerProcess.start({ argv: s.spec.argv, env: s.spec.env, cwd: s.spec.cwd }, sink);
    } catch (error) {
      s.starting = false;
      const reason = `CannotStartContainerError: ${s.spec.argv[0]}: ${error instanceof Error ? error.message : String(error)}`;
      this.setStopped(s, undefined, reason);
      if (s.spec.essential) this.stop('TaskFailedToStart', reason, 1);
      return this.evaluate();
    }
    s.starting = false;
    s.started = true;
    s.startedAt = Date.now();
    s.process = proc;
    s.status = 'RUNNING';
    this.options.emit({ type: 'container', name: s.spec.name, lastStatus: 'RUNNING', pid: proc.pid });
    const hc = s.spec.healthCheck;
    if (hc) s.monitor = new HealthMonitor(hc.command, hc.timing, s.spec.env, s.spec.cwd, (status) => this.onHealth(s, status));
    if (s.spec.startTimeoutMs !== undefined) this.timers.push(setTimeout(() => this.evaluate(), s.spec.startTimeoutMs + 10));
    void proc.exited.then(async (exit) => {
      await proc.drained(1_000);
      this.onExit(s, exit.exitCode);
    });
    this.evaluate();
  }

  private onExit(s: State, exitCode: number): void {
    this.setStopped(s, exitCode, undefined);
    if (!this.outcome && s.spec.essential) this.stop('EssentialContainerExited', 'Essential container in task exited', exitCode);
    else this.evaluate();
  }

  private onHealth(s: State, status: HealthStatus): void {
    s.health = status;
    this.options.emit({ type: 'health', name: s.spec.name, healthStatus: status, taskHealthStatus: this.taskHealth() });
    if (status === 'UNHEALTHY' && s.spec.essential && !this.options.keepUnhealthy && !this.outcome) {
      return this.stop('ServiceSchedulerInitiated', 'Task failed container health checks', 1);
    }
    this.evaluate();
  }

  private setStopped(s: State, exitCode: number | undefined, reason: string | undefined): void {
    s.status = 'STOPPED';
    s.monitor?.stop();
    if (exitCode !== undefined) s.exitCode = exitCode;
    this.options.emit({ type: 'container', name: s.spec.name, lastStatus: 'STOPPED', ...(exitCode !== undefined ? { exitCode } : {}), ...(reason ? { reason } : {}) });
  }

  private advanceStop(): void {
    const states = [...this.states.values()];
    for (const s of states) {
      if (s.status !== 'RUNNING' || s.signalled) continue;
      const dependentsAlive = states.some((o) => (o.status === 'RUNNING' || o.starting) && o.spec.dependsOn.some((d) => d.containerName === s.spec.name));
      if (dependentsAlive) continue;
      s.signalled = true;
      s.process?.stop(s.spec.stopTimeoutMs);
    }
    if (this.outcome && states.every((s) => s.status === 'STOPPED' && !s.starting)) this.finish(this.outcome);
  }
}
