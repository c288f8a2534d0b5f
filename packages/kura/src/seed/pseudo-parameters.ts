// `${AWS::AccountId}`, `${AWS::Region}` and `${AWS::Partition}` in a seed file's string values, as
// CloudFormation's Fn::Sub reads them, so that a seed names ARNs without hard-coding an account or a
// region. Every other `${…}` stays as written: `${aws:username}` and the other IAM policy variables
// are the policy's own, filled in at each request. `${!AWS::Region}` (one `!` more) is the text
// `${AWS::Region}` itself, so that a value holding that text can be declared (`kura seed export`
// writes such text so: manage/seed-export-pseudo.ts, the inverse of this file).
// Values taken from the environment (`…FromEnv`) are never substituted: they are not the file's.

import { isMapping } from './fields.js';

export interface PseudoParameters {
  AccountId: string;
  Region: string;
  Partition: string;
}

const PLACEHOLDER = /\$\{(!*)AWS::(AccountId|Region|Partition)\}/g;

/** Applies `change` to every string value inside `value` (mapping keys are left as they are). */
function mapStrings(value: unknown, change: (text: string) => string): unknown {
  if (typeof value === 'string') return change(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, change));
  if (isMapping(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, change)]));
  return value;
}

/** The file's values with the pseudo parameters replaced (what `kura serve --seed` applies). */
export function substitutePseudoParameters(value: unknown, values: PseudoParameters): unknown {
  return mapStrings(value, (text) =>
    text.replace(PLACEHOLDER, (_match, bangs: string, name: keyof PseudoParameters) => (bangs === '' ? values[name] : `\${${bangs.slice(1)}AWS::${name}}`)),
  );
}
