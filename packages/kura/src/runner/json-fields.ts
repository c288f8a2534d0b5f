// Typed readers for a parsed JSON document that name the exact field in their errors
// (`containerDefinitions[1].healthCheck.interval: …`), so a bad task definition is fixed in one try.

export class TaskDefinitionError extends Error {
  override readonly name = 'TaskDefinitionError';
}

export type Json = Record<string, unknown>;

export function fail(path: string, message: string): never {
  throw new TaskDefinitionError(`${path}: ${message}`);
}

const show = (value: unknown): string => {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function object(value: unknown, path: string): Json {
  if (!isObject(value)) fail(path, `must be an object (got ${show(value)})`);
  return value;
}

export function optionalString(obj: Json, key: string, path: string): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(`${path}.${key}`, `must be a string (got ${show(value)})`);
  return value;
}

export function requiredString(obj: Json, key: string, path: string): string {
  const value = optionalString(obj, key, path);
  if (value === undefined || value === '') fail(`${path}.${key}`, 'is required');
  return value;
}

export function optionalBoolean(obj: Json, key: string, path: string): boolean | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail(`${path}.${key}`, `must be true or false (got ${show(value)})`);
  return value;
}

/** An integer within [min, max]; ECS rejects such values at RegisterTaskDefinition, so do we. */
export function optionalInteger(obj: Json, key: string, path: string, min: number, max: number): number | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(`${path}.${key}`, `must be an integer from ${min} to ${max} (got ${show(value)})`);
  }
  return value;
}

export function stringList(obj: Json, key: string, path: string): string[] {
  const value = obj[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(`${path}.${key}`, `must be a list of strings (got ${show(value)})`);
  return value.map((item, i) => {
    if (typeof item !== 'string') fail(`${path}.${key}[${i}]`, `must be a string (got ${show(item)})`);
    return item;
  });
}

export function objectList(obj: Json, key: string, path: string): Array<{ item: Json; path: string }> {
  const value = obj[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) fail(`${path}.${key}`, `must be a list (got ${show(value)})`);
  return value.map((item, i) => ({ item: object(item, `${path}.${key}[${i}]`), path: `${path}.${key}[${i}]` }));
}
