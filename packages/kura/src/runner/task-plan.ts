// Everything decided before a task is provisioned, from the task definition file and the command
// line: which containers run (--container), what each runs (entryPoint + command, or the
// override), in which directory. Mistakes here are the user's to fix and nothing has started yet,
// so they are thrown as TaskDefinitionError / CommandLineError (exit 2 in the CLI).

import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CommandLineError, containerArgv, parseContainerCommand, splitCommand } from './command-line.js';
import { TaskDefinitionError, parseTaskDefinition, type ContainerDefinition, type TaskDefinition } from './task-definition.js';

export interface PlannedContainer {
  definition: ContainerDefinition;
  argv: string[];
  cwd: string;
  /** dependsOn entries naming containers that run in this task. */
  dependsOn: ContainerDefinition['dependsOn'];
}

export interface TaskPlan {
  definition: TaskDefinition;
  containers: PlannedContainer[];
  /** Things worth telling the user (ignored dependencies, working directories). */
  notes: string[];
}

export interface PlanOptions {
  taskDefinitionPath: string;
  /** --container NAME (repeatable): run only these; empty means all. */
  select: string[];
  /** --command CMD: the program of the one container chosen. */
  command?: string;
  /** --container-command NAME=CMD (repeatable). */
  containerCommands: string[];
  /** RunTask's overrides.taskRoleArn / overrides.executionRoleArn (an ARN or a role name). */
  taskRoleArn?: string;
  executionRoleArn?: string;
  cwd: string;
}

export function planTask(options: PlanOptions): TaskPlan {
  let text: string;
  try {
    text = readFileSync(options.taskDefinitionPath, 'utf8');
  } catch (error) {
    throw new TaskDefinitionError(`cannot read ${options.taskDefinitionPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let definition: TaskDefinition;
  try {
    definition = parseTaskDefinition(text, path.dirname(path.resolve(options.taskDefinitionPath)));
  } catch (error) {
    if (error instanceof TaskDefinitionError) throw new TaskDefinitionError(`${options.taskDefinitionPath}: ${error.message}`);
    throw error;
  }
  if (options.taskRoleArn) definition = { ...definition, taskRoleArn: options.taskRoleArn };
  if (options.executionRoleArn) definition = { ...definition, executionRoleArn: options.executionRoleArn };
  const names = definition.containers.map((c) => c.name);
  const known = (name: string, flag: string): void => {
    if (!names.includes(name)) throw new CommandLineError(`${flag}: no container named '${name}' in ${options.taskDefinitionPath} (it has: ${names.join(', ')})`);
  };
  for (const name of options.select) known(name, '--container');
  const selected = options.select.length > 0 ? definition.containers.filter((c) => options.select.includes(c.name)) : definition.containers;

  const overrides = new Map<string, string[]>();
  for (const spec of options.containerCommands) {
    const { name, argv } = parseContainerCommand(spec);
    known(name, '--container-command');
    overrides.set(name, argv);
  }
  if (options.command !== undefined) {
    const target = selected.length === 1 ? selected[0] : undefined;
    if (!target) throw new CommandLineError('--command needs exactly one container: name it with --container, or use --container-command NAME=CMD');
    if (overrides.has(target.name)) throw new CommandLineError(`both --command and --container-command give the program of '${target.name}'`);
    overrides.set(target.name, splitCommand(options.command));
  }

  const notes: string[] = [];
  const running = new Set(selected.map((c) => c.name));
  const containers = selected.map((c): PlannedContainer => {
    const dependsOn = c.dependsOn.filter((d) => {
      if (running.has(d.containerName)) return true;
      notes.push(`container ${c.name}: dependsOn ${d.containerName} (${d.condition}) ignored: ${d.containerName} is not run (--container)`);
      return false;
    });
    return { definition: c, argv: containerArgv(c, overrides.get(c.name)), cwd: workingDirectory(c, options.cwd, notes), dependsOn };
  });
  return { definition, containers, notes };
}

/** The image's workingDirectory when it exists here, else the directory run-task was started in. */
function workingDirectory(c: ContainerDefinition, fallback: string, notes: string[]): string {
  if (!c.workingDirectory) return fallback;
  try {
    if (statSync(c.workingDirectory).isDirectory()) return c.workingDirectory;
  } catch {
    // not here: the image's file system is not
  }
  notes.push(`container ${c.name}: workingDirectory ${c.workingDirectory} does not exist here; running in ${fallback}`);
  return fallback;
}
