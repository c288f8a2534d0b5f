// Typed reads of an already-decoded, model-validated input, shared by every service. The wire layer
// guarantees types, required members and the model's bounds, so these only narrow `unknown` for the
// compiler; a surprise is a server bug. Service-specific readers (tags, contexts) live beside them.

export type Input = Record<string, unknown>;

export function requiredString(input: Input, member: string): string {
  const value = input[member];
  if (typeof value !== 'string') throw new Error(`input member ${member} is not a string after validation`);
  return value;
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

export function requiredBlob(input: Input, member: string): Buffer {
  const value = input[member];
  if (!Buffer.isBuffer(value)) throw new Error(`input member ${member} is not a blob after validation`);
  return value;
}
