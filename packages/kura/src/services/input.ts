// Typed reads of an already-decoded, model-validated input, shared by every service. The wire layer
// guarantees types and the model's bounds, so the optional readers only narrow `unknown` for the
// compiler. Service-specific readers (tags, contexts) live beside each service.
//
// The required readers are different: some members are optional in the model but needed by the
// operation (KMS Decrypt's CiphertextBlob is optional only for a DryRun that ignores the
// ciphertext). A missing one is the caller's error, so it is answered as AWS's framework answers a
// missing required member, in the service's own protocol: never a plain Error, which would be a 500.
// Each service binds them to its validation error (requiredReaders), so none can forget to.

import { constraints, formatViolations, lowerFirst } from '../wire/coral.js';
import type { ServiceError } from '../wire/errors.js';

export type Input = Record<string, unknown>;

/** The service's validation error for a Coral message: JSON's ValidationException, Query's ValidationError. */
export type ValidationError = (message: string) => ServiceError;

/** `1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null`. */
export function missingMemberMessage(member: string): string {
  return formatViolations([{ path: lowerFirst(member), value: 'null', constraint: constraints.notNull }]);
}

export interface RequiredReaders {
  requiredString(input: Input, member: string): string;
  requiredBlob(input: Input, member: string): Buffer;
}

export function requiredReaders(validation: ValidationError): RequiredReaders {
  return {
    requiredString(input, member) {
      const value = input[member];
      if (typeof value !== 'string') throw validation(missingMemberMessage(member));
      return value;
    },
    requiredBlob(input, member) {
      const value = input[member];
      if (!Buffer.isBuffer(value)) throw validation(missingMemberMessage(member));
      return value;
    },
  };
}

export function optionalString(input: Input, member: string): string | undefined {
  const value = input[member];
  return typeof value === 'string' ? value : undefined;
}

export function optionalInteger(input: Input, member: string): number | undefined {
  const value = input[member];
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

export function optionalBoolean(input: Input, member: string): boolean | undefined {
  const value = input[member];
  return typeof value === 'boolean' ? value : undefined;
}

export function flag(input: Input, member: string): boolean {
  return input[member] === true;
}

export function stringList(input: Input, member: string): string[] {
  const value = input[member];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Tags given as a list of {Key, Value} (SSM, Secrets Manager), in request order; a key given twice
 * keeps its first place and its last value, as both services store them.
 */
export function keyValueTags(input: Input, member: string): { key: string; value: string }[] {
  const value = input[member];
  if (!Array.isArray(value)) return [];
  const byKey = new Map<string, string>();
  for (const entry of value as Array<{ Key?: unknown; Value?: unknown }>) {
    if (typeof entry.Key === 'string') byKey.set(entry.Key, typeof entry.Value === 'string' ? entry.Value : '');
  }
  return [...byKey].map(([key, tagValue]) => ({ key, value: tagValue }));
}
