// What kura apply created for a stack, kept in the server it created it in: the String parameter
// `/kura/stacks/<stack>`. Kept there rather than in a local file so that whoever applies the template
// next (another machine, CI) updates the same resources, and a server reset (`--dev`, a new data
// directory) forgets the stack with its resources. The record is rewritten after every step, so an
// interrupted apply leaves a record of what exists. It holds names, ARNs and the properties applied,
// never a secret's value. Large records are gzipped (Parameter Store holds 8 KB at most).

import { gunzipSync, gzipSync } from 'node:zlib';
import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { ApplyError } from './errors.js';
import type { Stored } from './resources/types.js';
import type { DeletionPolicy } from './template.js';

export const RECORD_PREFIX = '/kura/stacks/';
const FORMAT = 'kura-apply/1';
const MAX_CHARS = 8192;

export interface RecordedResource extends Stored {
  /** Logical ids it depended on when last written: the order of deletion. */
  dependsOn: string[];
  deletionPolicy: DeletionPolicy;
  updateReplacePolicy: DeletionPolicy;
}

/** A resource to delete: the old self of a replaced resource, or one the stack no longer has. */
export type PendingDeletion = RecordedResource & { logicalId: string; replaced: boolean };

export interface StackRecord {
  format: typeof FORMAT;
  stackName: string;
  stackId: string;
  /** By logical id. */
  resources: { [logicalId: string]: RecordedResource };
  /** Replaced or removed resources not deleted yet (a failed clean-up): the next apply tries again. */
  pendingDeletion: PendingDeletion[];
}

export function recordName(stackName: string): string {
  return `${RECORD_PREFIX}${stackName}`;
}

export function emptyRecord(stackName: string, stackId: string): StackRecord {
  return { format: FORMAT, stackName, stackId, resources: {}, pendingDeletion: [] };
}

export function encodeRecord(record: StackRecord): string {
  const text = JSON.stringify(record);
  if (text.length <= MAX_CHARS) return text;
  const packed = `gzip:${gzipSync(text).toString('base64')}`;
  if (packed.length > MAX_CHARS) throw new ApplyError(`the record of stack ${record.stackName} is too large for a parameter (${packed.length} characters gzipped, at most ${MAX_CHARS})`);
  return packed;
}

export function decodeRecord(text: string, stackName: string): StackRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.startsWith('gzip:') ? gunzipSync(Buffer.from(text.slice(5), 'base64')).toString('utf8') : text);
  } catch {
    throw new ApplyError(`${recordName(stackName)} is not a record kura apply wrote: delete it, or choose another --stack-name`);
  }
  const record = parsed as Partial<StackRecord>;
  if (record.format !== FORMAT || typeof record.stackId !== 'string' || typeof record.resources !== 'object' || record.resources === null) {
    throw new ApplyError(`${recordName(stackName)} is not a record kura apply wrote: delete it, or choose another --stack-name`);
  }
  return { ...(record as StackRecord), pendingDeletion: record.pendingDeletion ?? [] };
}

export async function loadRecord(ssm: SSMClient, stackName: string): Promise<StackRecord | undefined> {
  try {
    const out = await ssm.send(new GetParameterCommand({ Name: recordName(stackName) }));
    return decodeRecord(out.Parameter?.Value ?? '', stackName);
  } catch (error) {
    if (error instanceof Error && error.name === 'ParameterNotFound') return undefined;
    throw error;
  }
}

export async function saveRecord(ssm: SSMClient, record: StackRecord): Promise<void> {
  await ssm.send(
    new PutParameterCommand({
      Name: recordName(record.stackName),
      Value: encodeRecord(record),
      Type: 'String',
      Tier: 'Intelligent-Tiering',
      Overwrite: true,
      Description: `kura apply: what stack ${record.stackName} created (written by kura apply)`.slice(0, 1024),
    }),
  );
}

export async function deleteRecord(ssm: SSMClient, stackName: string): Promise<void> {
  try {
    await ssm.send(new DeleteParameterCommand({ Name: recordName(stackName) }));
  } catch (error) {
    if (error instanceof Error && error.name === 'ParameterNotFound') return;
    throw error;
  }
}
