// GetParameterHistory: every retained version, oldest first, with labels and (on request) decrypted
// values. Addressed by name or ARN, never by selector. Tokens carry the last version returned.

import { scopeOf, type OperationHandler } from '../context.js';
import { ssmErrors } from './errors.js';
import { flag, optionalInteger, requiredString } from './input.js';
import { parseParameterRef } from './names.js';
import { issueToken, openToken } from './paging.js';
import { revealValue } from './secure-string.js';
import { toHistory } from './to-wire.js';

const OPERATION = 'GetParameterHistory';
const DEFAULT_MAX_RESULTS = 50;

export const getParameterHistory: OperationHandler = async (input, ctx) => {
  const name = requiredString(input, 'Name');
  const withDecryption = flag(input, 'WithDecryption');
  const tokenQuery = { Name: name, WithDecryption: withDecryption };
  const position = openToken(ctx, OPERATION, tokenQuery, input['NextToken']);
  if (position !== undefined && !/^[0-9]+$/.test(position)) throw ssmErrors.invalidNextToken();

  const ref = parseParameterRef(name, ctx.region, ctx.accountId, false);
  if (!ref.found) throw ssmErrors.parameterNotFound();
  const scope = scopeOf(ctx);
  const head = await ctx.store.parameters.get(scope, ref.canonical);
  if (!head) throw ssmErrors.parameterNotFound();

  const maxResults = optionalInteger(input, 'MaxResults') ?? DEFAULT_MAX_RESULTS;
  // One extra row tells whether another page follows, so the last page carries no token.
  const versions = await ctx.store.parameters.history(scope, ref.canonical, Number(position ?? 0), maxResults + 1);
  const page = versions.slice(0, maxResults);
  const parameters = [];
  for (const version of page) {
    parameters.push(toHistory(ref.echo, version, await revealValue(ctx, ref.canonical, version, withDecryption)));
  }
  const out: Record<string, unknown> = { Parameters: parameters };
  const last = page[page.length - 1];
  if (versions.length > maxResults && last) out['NextToken'] = issueToken(ctx, OPERATION, tokenQuery, String(last.version));
  return out;
};
