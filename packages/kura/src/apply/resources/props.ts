// Reading resolved properties with CloudFormation's leniency (a number where text is expected is
// its text; "true" is a boolean; a policy document is an object or its JSON text) and errors that
// name the property. Also the small pieces every handler shares: tag lists, name generation, and
// treating "not found" as done when deleting.

import { randomInt } from 'node:crypto';
import { childPath, TemplateError } from '../errors.js';
import { isObject, kindOf, scalarText, Unknown } from '../values.js';
import type { Props } from './types.js';

export function optionalString(props: Props, name: string, at: string): string | undefined {
  const value = props[name];
  if (value === undefined || value === null) return undefined;
  // Only while planning: the value is checked again, known, before anything uses it.
  if (value instanceof Unknown) return value.toJSON();
  const text = scalarText(value);
  if (text === undefined) throw new TemplateError(childPath(at, name), `must be a string, not ${kindOf(value)}`);
  return text;
}

export function requiredString(props: Props, name: string, at: string): string {
  const text = optionalString(props, name, at);
  if (text === undefined) throw new TemplateError(childPath(at, name), 'is required');
  return text;
}

export function optionalInteger(props: Props, name: string, at: string): number | undefined {
  if (props[name] instanceof Unknown) return undefined;
  const text = optionalString(props, name, at);
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text.trim())) throw new TemplateError(childPath(at, name), 'must be a whole number');
  return Number(text);
}

export function optionalBoolean(props: Props, name: string, at: string): boolean | undefined {
  const value = props[name];
  if (value === undefined || value === null || value instanceof Unknown) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new TemplateError(childPath(at, name), 'must be true or false');
}

export function stringList(props: Props, name: string, at: string): string[] {
  const value = props[name];
  if (value === undefined || value === null || value instanceof Unknown) return [];
  if (!Array.isArray(value)) throw new TemplateError(childPath(at, name), `must be a list, not ${kindOf(value)}`);
  return value.map((item, i) => {
    if (item instanceof Unknown) return item.toJSON();
    const text = scalarText(item);
    if (text === undefined) throw new TemplateError(childPath(childPath(at, name), i), `must be a string, not ${kindOf(item)}`);
    return text;
  });
}

export function objectList(props: Props, name: string, at: string): Array<{ item: Props; at: string }> {
  const value = props[name];
  if (value === undefined || value === null || value instanceof Unknown) return [];
  if (!Array.isArray(value)) throw new TemplateError(childPath(at, name), `must be a list, not ${kindOf(value)}`);
  return value.map((item, i) => {
    const where = childPath(childPath(at, name), i);
    if (!isObject(item)) throw new TemplateError(where, `must be an object, not ${kindOf(item)}`);
    return { item, at: where };
  });
}

/** A policy document: an object (as templates write it) or its JSON text, sent as JSON text. */
export function policyDocument(props: Props, name: string, at: string): string | undefined {
  const value = props[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (value instanceof Unknown) return value.toJSON();
  if (!isObject(value)) throw new TemplateError(childPath(at, name), `must be a policy document (an object), not ${kindOf(value)}`);
  return JSON.stringify(value);
}

/** `Tags: [{Key, Value}]`, as IAM, KMS and Secrets Manager resources write them. */
export function tagPairs(props: Props, at: string): Array<{ Key: string; Value: string }> {
  return objectList(props, 'Tags', at).map(({ item, at: where }) => ({ Key: requiredString(item, 'Key', where), Value: optionalString(item, 'Value', where) ?? '' }));
}

/** Which tag keys to set (new or changed) and which to remove, from one tag list to another. */
export function tagChanges(before: Array<{ Key: string; Value: string }>, after: Array<{ Key: string; Value: string }>) {
  const old = new Map(before.map((t) => [t.Key, t.Value]));
  const now = new Map(after.map((t) => [t.Key, t.Value]));
  return {
    set: after.filter((t) => old.get(t.Key) !== t.Value),
    remove: before.filter((t) => !now.has(t.Key)).map((t) => t.Key),
  };
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomSuffix(length: number): string {
  let out = '';
  for (let i = 0; i < length; i += 1) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/**
 * A name for a resource the template leaves unnamed, as CloudFormation makes them:
 * `<stack>-<LogicalId>-<RANDOM>`, the stack and logical id shortened to fit `max`.
 */
export function generatedName(stackName: string, logicalId: string, max: number, suffixLength = 13): string {
  const budget = max - suffixLength - 2;
  let stack = stackName;
  let logical = logicalId;
  if (stack.length + logical.length > budget) {
    const half = Math.floor(budget / 2);
    if (logical.length < half) stack = stack.slice(0, budget - logical.length);
    else if (stack.length < half) logical = logical.slice(0, budget - stack.length);
    else {
      stack = stack.slice(0, half);
      logical = logical.slice(0, budget - half);
    }
  }
  return `${stack}-${logical}-${randomSuffix(suffixLength)}`;
}

/** Runs a delete, taking the service's "not found" for success: what is gone is deleted. */
export async function gone(work: Promise<unknown>, notFound: readonly string[]): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (error instanceof Error && notFound.includes(error.name)) return;
    throw error;
  }
}

/** Runs `steps` after a create; when one fails, `undo` removes what was created, then the error goes on. */
export async function completeOrUndo(steps: () => Promise<void>, undo: () => Promise<void>): Promise<void> {
  try {
    await steps();
  } catch (error) {
    await undo().catch(() => undefined);
    throw error;
  }
}
