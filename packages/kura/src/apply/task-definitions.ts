// The template's AWS::ECS::TaskDefinition resources, written out as the JSON `kura run-task` reads
// (RegisterTaskDefinition's input, as `aws ecs register-task-definition --cli-input-json` takes it):
// every token resolved (roles to the ARNs just created, secrets' valueFrom to the parameters' and
// secrets' ARNs, the image to the repository's URI), CloudFormation's property names turned into
// the API's (`ContainerDefinitions` → `containerDefinitions`). Maps whose keys are the user's (log
// options, Docker labels) keep their keys. One file per family, `<family>.json`.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TemplateError } from './errors.js';
import { resolve } from './intrinsics.js';
import type { StackScope } from './scope.js';
import type { Template } from './template.js';
import { isObject, NO_VALUE, type Value } from './values.js';

/** Whose values are maps of the user's own keys: copied as they are. */
const USER_KEYS = new Set(['Options', 'DockerLabels', 'DriverOpts', 'Labels']);
/** CloudFormation names that do not become the API's by lower-casing the first letter. */
const RENAMED: { [cfn: string]: string } = {
  EFSVolumeConfiguration: 'efsVolumeConfiguration',
  FSxWindowsFileServerVolumeConfiguration: 'fsxWindowsFileServerVolumeConfiguration',
  FilesystemId: 'fileSystemId',
  IPCMode: 'ipcMode',
  PIDMode: 'pidMode',
  ProxyConfigurationProperties: 'properties',
};

export const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';

/** The API's shape of a CloudFormation value: keys renamed, recursively. */
export function apiShape(value: Value, key?: string): Value {
  if (Array.isArray(value)) return value.map((item) => apiShape(item));
  if (!isObject(value)) return value;
  if (key !== undefined && USER_KEYS.has(key)) return value;
  const out: { [key: string]: Value } = {};
  for (const [name, item] of Object.entries(value)) {
    out[RENAMED[name] ?? name.charAt(0).toLowerCase() + name.slice(1)] = apiShape(item, name);
  }
  return out;
}

export interface TaskDefinitionFile {
  logicalId: string;
  family: string;
  document: { [key: string]: Value };
}

/** Every included task definition, resolved; `Family` defaults to `<stack>-<LogicalId>`. */
export function taskDefinitions(template: Template, scope: StackScope, stackName: string): TaskDefinitionFile[] {
  const files: TaskDefinitionFile[] = [];
  for (const resource of template.resources.values()) {
    if (resource.type !== TASK_DEFINITION || !scope.included(resource.logicalId)) continue;
    const at = `Resources.${resource.logicalId}.Properties`;
    const resolved = resolve(resource.properties, at, scope);
    const props = (resolved === NO_VALUE ? {} : resolved) as { [key: string]: Value };
    const family = typeof props['Family'] === 'string' && props['Family'] !== '' ? props['Family'] : `${stackName}-${resource.logicalId}`;
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(family)) throw new TemplateError(`${at}.Family`, 'up to 255 letters, digits, hyphens and underscores');
    const document = apiShape(props) as { [key: string]: Value };
    files.push({ logicalId: resource.logicalId, family, document: { ...document, family } });
  }
  const seen = new Set<string>();
  for (const file of files) {
    if (seen.has(file.family)) throw new TemplateError(`Resources.${file.logicalId}.Properties.Family`, `two task definitions have the family ${file.family}`);
    seen.add(file.family);
  }
  return files;
}

/** Writes each file as DIR/<family>.json; a file already holding the same text is left alone. */
export async function writeTaskDefinitions(files: TaskDefinitionFile[], dir: string): Promise<Array<{ family: string; path: string; written: boolean }>> {
  if (files.length === 0) return [];
  await mkdir(dir, { recursive: true });
  const out: Array<{ family: string; path: string; written: boolean }> = [];
  for (const file of files) {
    const target = path.join(dir, `${file.family}.json`);
    const text = `${JSON.stringify(file.document, null, 2)}\n`;
    const existing = await readFile(target, 'utf8').catch(() => undefined);
    if (existing !== text) await writeFile(target, text);
    out.push({ family: file.family, path: target, written: existing !== text });
  }
  return out;
}
