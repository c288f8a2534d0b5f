// An ECS task definition, read from the JSON users already have: the RegisterTaskDefinition input
// (`--cli-input-json`), or `aws ecs describe-task-definition` output ({"taskDefinition": {...}}).
// Fields ECS would reject at RegisterTaskDefinition are rejected here with the field's path, so a
// definition that runs locally also registers; fields that do not matter locally are ignored.

import nodePath from 'node:path';
import {
  TaskDefinitionError,
  fail,
  isObject,
  object,
  objectList,
  optionalBoolean,
  optionalInteger,
  optionalString,
  requiredString,
  stringList,
  type Json,
} from './json-fields.js';
import { checkDependencies } from './dependency-order.js';

export { TaskDefinitionError };

export type DependencyCondition = 'START' | 'COMPLETE' | 'SUCCESS' | 'HEALTHY';

export interface HealthCheck {
  /** `["CMD", prog, ...args]` runs prog directly; `["CMD-SHELL", "…"]` runs `sh -c`. */
  command: { kind: 'CMD'; argv: string[] } | { kind: 'CMD-SHELL'; script: string };
  intervalSeconds: number;
  timeoutSeconds: number;
  retries: number;
  startPeriodSeconds: number;
}

export interface ContainerDefinition {
  name: string;
  image: string;
  essential: boolean;
  entryPoint: string[];
  command: string[];
  workingDirectory?: string;
  environment: Array<{ name: string; value: string }>;
  /** Local .env paths (ECS reads S3 objects; Kura reads files), resolved against the task definition's folder. */
  environmentFiles: string[];
  secrets: Array<{ name: string; valueFrom: string }>;
  healthCheck?: HealthCheck;
  dependsOn: Array<{ containerName: string; condition: DependencyCondition }>;
  stopTimeoutSeconds: number;
  startTimeoutSeconds?: number;
}

export interface TaskDefinition {
  family: string;
  revision: number;
  taskRoleArn?: string;
  executionRoleArn?: string;
  containers: ContainerDefinition[];
}

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const CONDITIONS: readonly DependencyCondition[] = ['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'];
/** ECS's defaults (seconds) when a healthCheck omits them. */
const HEALTH_DEFAULTS = { interval: 30, timeout: 5, retries: 3, startPeriod: 0 };
/** Fargate's default and bounds for stopTimeout and startTimeout. */
const STOP_TIMEOUT_DEFAULT = 30;

/** Parses task definition JSON text; `baseDir` anchors relative environmentFiles paths. */
export function parseTaskDefinition(text: string, baseDir: string): TaskDefinition {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new TaskDefinitionError(`not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const wrapped = isObject(document) && isObject(document['taskDefinition']) ? document['taskDefinition'] : document;
  const root = object(wrapped, 'taskDefinition');
  const family = requiredString(root, 'family', 'taskDefinition');
  if (!NAME.test(family)) fail('taskDefinition.family', 'up to 255 letters, digits, hyphens and underscores');
  const revision = optionalInteger(root, 'revision', 'taskDefinition', 1, Number.MAX_SAFE_INTEGER) ?? 1;
  const containers = objectList(root, 'containerDefinitions', 'taskDefinition').map(({ item, path: at }) => readContainer(item, at, baseDir));
  if (containers.length === 0) fail('taskDefinition.containerDefinitions', 'is required and must list at least one container');

  const seen = new Set<string>();
  for (const [i, c] of containers.entries()) {
    if (seen.has(c.name)) fail(`taskDefinition.containerDefinitions[${i}].name`, `duplicate container name '${c.name}'`);
    seen.add(c.name);
  }
  if (!containers.some((c) => c.essential)) fail('taskDefinition.containerDefinitions', 'the task definition does not have any essential container');
  checkDependencies(containers);

  const taskRoleArn = optionalString(root, 'taskRoleArn', 'taskDefinition') || undefined;
  const executionRoleArn = optionalString(root, 'executionRoleArn', 'taskDefinition') || undefined;
  if (!executionRoleArn && containers.some((c) => c.secrets.length > 0)) {
    fail('taskDefinition.executionRoleArn', "when you are specifying container secrets, you must also specify a value for 'executionRoleArn'");
  }
  return { family, revision, containers, ...(taskRoleArn ? { taskRoleArn } : {}), ...(executionRoleArn ? { executionRoleArn } : {}) };
}

function readContainer(item: Json, path: string, baseDir: string): ContainerDefinition {
  const name = requiredString(item, 'name', path);
  if (!NAME.test(name)) fail(`${path}.name`, 'up to 255 letters, digits, hyphens and underscores');
  const image = requiredString(item, 'image', path);

  const environment = objectList(item, 'environment', path).map(({ item: e, path: p }) => ({
    name: requiredString(e, 'name', p),
    value: optionalString(e, 'value', p) ?? '',
  }));
  const environmentFiles = objectList(item, 'environmentFiles', path).map(({ item: f, path: p }) => {
    const type = optionalString(f, 'type', p);
    if (type !== undefined && type !== 's3') fail(`${p}.type`, `must be "s3" (got "${type}")`);
    const value = requiredString(f, 'value', p);
    if (value.startsWith('arn:')) fail(`${p}.value`, `Kura reads environment files from local paths, not S3 (${value}); give a path relative to the task definition`);
    return nodePath.resolve(baseDir, value);
  });
  if (environmentFiles.length > 10) fail(`${path}.environmentFiles`, 'at most 10 files');
  const secrets = objectList(item, 'secrets', path).map(({ item: s, path: p }) => ({
    name: requiredString(s, 'name', p),
    valueFrom: requiredString(s, 'valueFrom', p),
  }));
  const dependsOn = objectList(item, 'dependsOn', path).map(({ item: d, path: p }) => {
    const condition = requiredString(d, 'condition', p);
    if (!(CONDITIONS as readonly string[]).includes(condition)) fail(`${p}.condition`, `must be one of ${CONDITIONS.join(', ')} (got "${condition}")`);
    return { containerName: requiredString(d, 'containerName', p), condition: condition as DependencyCondition };
  });
  const healthCheck = item['healthCheck'] === undefined || item['healthCheck'] === null ? undefined : readHealthCheck(object(item['healthCheck'], `${path}.healthCheck`), `${path}.healthCheck`);
  const workingDirectory = optionalString(item, 'workingDirectory', path);
  const startTimeoutSeconds = optionalInteger(item, 'startTimeout', path, 2, 120);

  return {
    name,
    image,
    essential: optionalBoolean(item, 'essential', path) ?? true,
    entryPoint: stringList(item, 'entryPoint', path),
    command: stringList(item, 'command', path),
    environment,
    environmentFiles,
    secrets,
    dependsOn,
    stopTimeoutSeconds: optionalInteger(item, 'stopTimeout', path, 2, 120) ?? STOP_TIMEOUT_DEFAULT,
    ...(workingDirectory ? { workingDirectory } : {}),
    ...(healthCheck ? { healthCheck } : {}),
    ...(startTimeoutSeconds !== undefined ? { startTimeoutSeconds } : {}),
  };
}

function readHealthCheck(hc: Json, path: string): HealthCheck {
  const words = stringList(hc, 'command', path);
  const [kind, ...rest] = words;
  let command: HealthCheck['command'];
  if (kind === 'CMD' && rest.length > 0) command = { kind: 'CMD', argv: rest };
  else if (kind === 'CMD-SHELL' && rest.length > 0) command = { kind: 'CMD-SHELL', script: rest.join(' ') };
  else fail(`${path}.command`, 'must be ["CMD", "program", "arg", …] or ["CMD-SHELL", "shell command"]');
  return {
    command,
    intervalSeconds: optionalInteger(hc, 'interval', path, 5, 300) ?? HEALTH_DEFAULTS.interval,
    timeoutSeconds: optionalInteger(hc, 'timeout', path, 2, 60) ?? HEALTH_DEFAULTS.timeout,
    retries: optionalInteger(hc, 'retries', path, 1, 10) ?? HEALTH_DEFAULTS.retries,
    startPeriodSeconds: optionalInteger(hc, 'startPeriod', path, 0, 300) ?? HEALTH_DEFAULTS.startPeriod,
  };
}
