// A seed resource checked against the input shape of the AWS operation that will write it, with
// the constraints of the service model (lengths, patterns, ranges) that the gateway applies to a
// request: a seed is refused for what a request would be refused for, before anything is written.
// The model's member names are mapped back to the seed's field names; the value is never quoted.

import { collectViolations } from '../wire/shapes.js';
import { constraints, lowerFirst } from '../wire/coral.js';
import { operation, type ServiceModel } from '../wire/model.js';
import type { FieldReader } from './fields.js';
import { at } from './problems.js';

/**
 * `fields` maps the operation's members to the seed's field names (`{ UserName: 'name' }`), a
 * nested member by its path (`'RotationRules.Duration': 'rotation.duration'`); a member not listed
 * is reported under its top member's field, or under the resource itself.
 */
export function modelCheck(r: FieldReader, model: ServiceModel, operationName: string, input: Record<string, unknown>, fields: Record<string, string>, path: string): boolean {
  const shapeName = operation(model, operationName)?.input?.shape;
  if (shapeName === undefined) throw new Error(`no input shape for ${operationName}`);
  // A missing member the seed requires is the reader's to report ("is required"); the rest are optional.
  const violations = collectViolations(model, shapeName, input).filter((v) => v.constraint !== constraints.notNull);
  const byMember = new Map(Object.entries(fields).map(([member, field]) => [member.split('.').map(lowerFirst).join('.'), field]));
  for (const violation of violations) {
    const field = byMember.get(violation.path) ?? byMember.get(violation.path.split('.')[0] ?? '');
    r.fail(field === undefined ? path : at(path, field), violation.constraint);
  }
  return violations.length === 0;
}

