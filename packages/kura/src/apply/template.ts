// A CloudFormation template, JSON or YAML, read into its sections. The checks here are the ones
// CloudFormation makes before it looks at any resource: known sections, a Resources section, each
// resource with a Type and only the attributes CloudFormation defines, DependsOn and Condition naming
// things that exist. A Transform is refused: macros (AWS::Serverless, AWS::LanguageExtensions) run
// inside CloudFormation, so the processed template is what kura apply can read.

import { childPath, TemplateError } from './errors.js';
import { isObject, type Json } from './values.js';
import { parseYamlTemplate } from './yaml-template.js';

export type DeletionPolicy = 'Delete' | 'Retain' | 'RetainExceptOnCreate' | 'Snapshot';

export interface TemplateResource {
  logicalId: string;
  type: string;
  /** As written, intrinsic functions unresolved. */
  properties: { [key: string]: Json };
  dependsOn: string[];
  condition: string | undefined;
  deletionPolicy: DeletionPolicy;
  updateReplacePolicy: DeletionPolicy;
}

export interface Template {
  parameters: { [name: string]: Json };
  mappings: { [name: string]: Json };
  conditions: { [name: string]: Json };
  /** In template order. */
  resources: Map<string, TemplateResource>;
  outputs: { [name: string]: Json };
}

const SECTIONS = new Set(['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Rules', 'Mappings', 'Conditions', 'Transform', 'Resources', 'Outputs', 'Hooks']);
const RESOURCE_KEYS = new Set(['Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy', 'Metadata', 'CreationPolicy', 'UpdatePolicy']);
const POLICIES: readonly DeletionPolicy[] = ['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot'];
const LOGICAL_ID = /^[A-Za-z0-9]{1,255}$/;

/** Reads the text of a template file: JSON when it is JSON, otherwise YAML (which CloudFormation also reads). */
export function readTemplateText(text: string): Template {
  const trimmed = text.trimStart();
  let document: Json;
  if (trimmed.startsWith('{')) {
    try {
      document = JSON.parse(text) as Json;
    } catch (error) {
      throw new TemplateError('', `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  } else {
    document = parseYamlTemplate(text);
  }
  return readTemplate(document);
}

export function readTemplate(document: Json): Template {
  if (!isObject(document)) throw new TemplateError('', 'a template is an object with a Resources section');
  const unknown = Object.keys(document).filter((key) => !SECTIONS.has(key));
  if (unknown.length > 0) throw new TemplateError('', `Template format error: Invalid template property or properties [${unknown.join(', ')}]`);
  if (document['Transform'] !== undefined) {
    throw new TemplateError(
      'Transform',
      'transforms (AWS::Serverless, AWS::LanguageExtensions, macros) run inside CloudFormation: kura apply reads the processed template (e.g. `aws cloudformation get-template --template-stage Processed`, or `sam build` output)',
    );
  }
  const section = (name: string): { [key: string]: Json } => {
    const value = document[name];
    if (value === undefined || value === null) return {};
    if (!isObject(value)) throw new TemplateError(name, 'must be an object');
    return value as { [key: string]: Json };
  };
  const conditions = section('Conditions');
  const rawResources = section('Resources');
  if (Object.keys(rawResources).length === 0) throw new TemplateError('Resources', 'a template declares at least one resource');
  const resources = new Map<string, TemplateResource>();
  for (const [logicalId, raw] of Object.entries(rawResources)) {
    resources.set(logicalId, readResource(logicalId, raw, conditions));
  }
  for (const resource of resources.values()) {
    for (const [i, target] of resource.dependsOn.entries()) {
      if (!resources.has(target)) throw new TemplateError(childPath(`Resources.${resource.logicalId}.DependsOn`, i), `no resource named ${target}`);
    }
  }
  return { parameters: section('Parameters'), mappings: section('Mappings'), conditions, resources, outputs: section('Outputs') };
}

function readResource(logicalId: string, raw: Json, conditions: { [key: string]: Json }): TemplateResource {
  const at = `Resources.${logicalId}`;
  if (!LOGICAL_ID.test(logicalId)) throw new TemplateError(at, 'a logical ID is letters and digits only');
  if (!isObject(raw)) throw new TemplateError(at, 'a resource is an object with a Type');
  const unknown = Object.keys(raw).filter((key) => !RESOURCE_KEYS.has(key));
  if (unknown.length > 0) throw new TemplateError(at, `Invalid template resource property '${unknown[0]}'`);
  const type = raw['Type'];
  if (typeof type !== 'string' || type === '') throw new TemplateError(childPath(at, 'Type'), 'a resource needs a Type');
  const properties = raw['Properties'] ?? {};
  if (!isObject(properties)) throw new TemplateError(childPath(at, 'Properties'), 'must be an object');
  const dependsOnRaw = raw['DependsOn'] ?? [];
  const dependsOn = typeof dependsOnRaw === 'string' ? [dependsOnRaw] : dependsOnRaw;
  if (!Array.isArray(dependsOn) || !dependsOn.every((d): d is string => typeof d === 'string')) {
    throw new TemplateError(childPath(at, 'DependsOn'), 'must be a logical ID or a list of them');
  }
  const condition = raw['Condition'];
  if (condition !== undefined) {
    if (typeof condition !== 'string') throw new TemplateError(childPath(at, 'Condition'), 'must be the name of a condition');
    if (!(condition in conditions)) throw new TemplateError(childPath(at, 'Condition'), `no condition named ${condition} in Conditions`);
  }
  return {
    logicalId,
    type,
    properties: properties as { [key: string]: Json },
    dependsOn,
    condition,
    deletionPolicy: policy(raw['DeletionPolicy'], childPath(at, 'DeletionPolicy')),
    updateReplacePolicy: policy(raw['UpdateReplacePolicy'], childPath(at, 'UpdateReplacePolicy')),
  };
}

function policy(value: Json | undefined, at: string): DeletionPolicy {
  if (value === undefined) return 'Delete';
  if (typeof value === 'string' && (POLICIES as readonly string[]).includes(value)) return value as DeletionPolicy;
  throw new TemplateError(at, `must be one of ${POLICIES.join(', ')}`);
}
