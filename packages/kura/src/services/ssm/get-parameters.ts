// GetParameters: up to ten identifiers. Whatever cannot be found (name, version or label) is listed
// in InvalidParameters exactly as requested; both lists are always present; duplicates count once.
// A Secrets Manager reference that cannot be answered (secret-reference.ts) is listed there too.

import type { OperationHandler } from '../context.js';
import { flag, stringList } from './input.js';
import { lookupParameter } from './lookup.js';
import { parameterArn } from './names.js';
import { isSecretReference, readReference } from './secret-reference.js';
import { revealValue } from './secure-string.js';
import { toParameter } from './to-wire.js';

export const getParameters: OperationHandler = async (input, ctx) => {
  const withDecryption = flag(input, 'WithDecryption');
  const parameters: Array<Record<string, unknown>> = [];
  const invalid: string[] = [];
  for (const identifier of new Set(stringList(input, 'Names'))) {
    if (isSecretReference(identifier)) {
      const read = await readReference(ctx, input, identifier, withDecryption);
      if ('invalid' in read) invalid.push(identifier);
      else parameters.push(read.parameter);
      continue;
    }
    const found = await lookupParameter(ctx, identifier);
    if (found.outcome !== 'found') {
      invalid.push(identifier);
      continue;
    }
    const { ref, version } = found;
    const value = await revealValue(ctx, ref.canonical, version, withDecryption);
    parameters.push(toParameter(ref.echo, parameterArn(ctx.region, ctx.accountId, ref.canonical), version, value, ref.selector));
  }
  // AWS documents alphabetical order; byte order of the echoed names is what it shows.
  parameters.sort((a, b) => compare(String(a['Name']), String(b['Name'])));
  return { Parameters: parameters, InvalidParameters: invalid };
};

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
