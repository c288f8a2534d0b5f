// Which field of the new-version form a PutParameter error is about, so that AWS's message (verbatim)
// is shown next to that field. The validation framework names members in its messages (`Value at
// 'value' failed to satisfy constraint: …`, `… at 'allowedPattern' …`); SSM's own checks have their
// own codes and texts (ParameterPatternMismatchException, InvalidKeyId, …). Anything else goes to
// the notice at the form.

import { AwsError } from '../../aws/errors.js';

export type VersionField = 'value' | 'type' | 'keyId' | 'description' | 'allowedPattern' | 'dataType';

const MEMBERS: Record<string, VersionField> = {
  value: 'value',
  type: 'type',
  keyId: 'keyId',
  description: 'description',
  allowedPattern: 'allowedPattern',
  dataType: 'dataType',
};

/** SSM's own ValidationException texts (not the framework's), by the field they concern. */
const TEXTS: Array<[RegExp, VersionField]> = [
  [/^Parameter value can't nest another parameter/, 'value'],
  [/^Standard tier parameters support a maximum parameter value/, 'value'],
  [/Advanced-tier parameters support a maximum parameter value/, 'value'],
  [/^The value of a parameter with the aws:ec2:image data type must be an AMI ID/, 'value'],
  [/^The following data type is not supported/, 'dataType'],
  [/^The aws:ec2:image data type is only supported for parameters of type String/, 'dataType'],
  [/^A parameter type is required/, 'type'],
];

/** The fields a framework message names (`… at 'value' failed to satisfy constraint …`), if every one is a form field. */
function namedFields(message: string): VersionField[] | undefined {
  const members = [...message.matchAll(/ at '([A-Za-z.0-9]+)' failed to satisfy constraint/g)].map((m) => m[1] as string);
  if (members.length === 0) return undefined;
  const fields = members.map((m) => MEMBERS[m]);
  return fields.every((f): f is VersionField => f !== undefined) ? [...new Set(fields)] : undefined;
}

/** The form fields a PutParameter error belongs to; empty when it belongs to the form as a whole. */
export function fieldsOf(error: unknown): VersionField[] {
  if (!(error instanceof AwsError)) return [];
  switch (error.code) {
    case 'ParameterPatternMismatchException':
      // "Parameter value, cannot be validated against allowedPattern: …": the value is what fails.
      return ['value'];
    case 'InvalidAllowedPatternException':
      return ['allowedPattern'];
    case 'InvalidKeyId':
      return ['keyId'];
    case 'UnsupportedParameterType':
      return ['type'];
    case 'ValidationException': {
      const named = namedFields(error.message);
      if (named) return named;
      const text = TEXTS.find(([pattern]) => pattern.test(error.message));
      return text ? [text[1]] : [];
    }
    default:
      return [];
  }
}
