// Typed reads of an already-decoded, model-validated input. The wire layer guarantees types,
// required members and the model's bounds, so these only narrow `unknown` for the compiler.

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

export function flag(input: Input, member: string): boolean {
  return input[member] === true;
}

export function requiredBlob(input: Input, member: string): Buffer {
  const value = input[member];
  if (!Buffer.isBuffer(value)) throw new Error(`input member ${member} is not a blob after validation`);
  return value;
}

/** An encryption context: absent means empty, which is what the ciphertext binds. */
export function encryptionContext(input: Input, member: string): Record<string, string> {
  const value = input[member];
  const context: Record<string, string> = {};
  if (value === null || typeof value !== 'object') return context;
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') Object.defineProperty(context, key, { value: entry, enumerable: true, writable: true, configurable: true });
  }
  return context;
}

export function stringList(input: Input, member: string): string[] {
  const value = input[member];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Tags as {TagKey, TagValue} on the wire, in request order (duplicates are the caller's error). */
export function tagList(input: Input, member: string): Array<{ tagKey: string; tagValue: string }> {
  const value = input[member];
  if (!Array.isArray(value)) return [];
  return (value as Array<{ TagKey?: unknown; TagValue?: unknown }>).map((entry) => ({
    tagKey: typeof entry.TagKey === 'string' ? entry.TagKey : '',
    tagValue: typeof entry.TagValue === 'string' ? entry.TagValue : '',
  }));
}
