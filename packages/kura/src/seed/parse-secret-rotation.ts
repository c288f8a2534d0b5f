// A secret's `rotation` in a seed file: the rotation function (a Lambda function ARN, as RotateSecret's
// RotationLambdaARN takes it), one schedule (`automaticallyAfterDays` or `scheduleExpression`), an
// optional window (`duration`) and `rotateImmediately`. Checked as RotateSecret checks them: the
// model's bounds and patterns, then Secrets Manager's own schedule rules (rotation-rules.ts), with
// its words. The function must be one this server runs: RotateSecret refuses any other, and that
// refusal would come only after the seed had begun writing.

import { secretsManagerModel } from '../services/secretsmanager/model.js';
import { rotationRuleMessages, validateRotationRules } from '../services/secretsmanager/rotation-rules.js';
import { operation } from '../wire/model.js';
import { ServiceError } from '../wire/errors.js';
import type { Mapping } from './fields.js';
import type { SeedSecretRotation } from './format.js';
import { modelCheck } from './model-check.js';
import type { ParseContext } from './parse-kms.js';
import { at } from './problems.js';

const ROTATION_FIELDS = ['function', 'automaticallyAfterDays', 'scheduleExpression', 'duration', 'rotateImmediately'];
const given = (m: Mapping, key: string) => m[key] !== undefined && m[key] !== null;

/** AutomaticallyAfterDays's bounds, as RotateSecret's model gives them (1 to 1000 days). */
function dayBounds(): { min: number; max: number } {
  const input = secretsManagerModel.shapes[operation(secretsManagerModel, 'RotateSecret')?.input?.shape ?? ''];
  const rules = secretsManagerModel.shapes[input?.members?.RotationRules?.shape ?? ''];
  const days = secretsManagerModel.shapes[rules?.members?.AutomaticallyAfterDays?.shape ?? ''];
  if (days?.min === undefined || days.max === undefined) throw new Error('the Secrets Manager model gives no bounds for AutomaticallyAfterDays');
  return { min: days.min, max: days.max };
}

/** `rotation` of the secret `name` at `path`; undefined when absent or refused. */
export function readSecretRotation(c: ParseContext, m: Mapping, path: string, name: string | undefined): SeedSecretRotation | undefined {
  if (!given(m, 'rotation')) return undefined;
  const here = at(path, 'rotation');
  const r = c.r.mapping(m.rotation, here, ROTATION_FIELDS);
  if (!r) return undefined;
  const before = c.r.problems.length;
  const fn = c.r.string(r, 'function', here, { required: true });
  const { min, max } = dayBounds();
  const days = c.r.integer(r, 'automaticallyAfterDays', here, min, max);
  const expression = c.r.string(r, 'scheduleExpression', here);
  const duration = c.r.string(r, 'duration', here);
  const rotateImmediately = c.r.boolean(r, 'rotateImmediately', here) ?? false;
  if (given(r, 'automaticallyAfterDays') && given(r, 'scheduleExpression')) c.r.fail(here, 'give automaticallyAfterDays or scheduleExpression, not both');
  else if (!given(r, 'automaticallyAfterDays') && !given(r, 'scheduleExpression')) c.r.fail(here, 'needs automaticallyAfterDays or scheduleExpression (the schedule)');
  if (c.r.problems.length > before || fn === undefined) return undefined;
  const rules = { AutomaticallyAfterDays: days, ScheduleExpression: expression, Duration: duration };
  const fields = {
    RotationLambdaARN: 'rotation.function',
    'RotationRules.AutomaticallyAfterDays': 'rotation.automaticallyAfterDays',
    'RotationRules.ScheduleExpression': 'rotation.scheduleExpression',
    'RotationRules.Duration': 'rotation.duration',
  };
  if (!modelCheck(c.r, secretsManagerModel, 'RotateSecret', { RotationLambdaARN: fn, RotationRules: rules }, fields, path)) return undefined;
  if (!checkSchedule(c, here, { days, expression, duration })) return undefined;
  if (!checkFunction(c, at(here, 'function'), fn, name)) return undefined;
  return {
    function: fn,
    ...(days !== undefined ? { automaticallyAfterDays: days } : {}),
    ...(expression !== undefined ? { scheduleExpression: expression } : {}),
    ...(duration !== undefined ? { duration } : {}),
    rotateImmediately,
  };
}

/** Secrets Manager's own rules (rate and cron grammar, at most every four hours, the window's fit), in its words. */
function checkSchedule(c: ParseContext, here: string, s: { days: number | undefined; expression: string | undefined; duration: string | undefined }): boolean {
  try {
    validateRotationRules({ automaticallyAfterDays: s.days ?? null, scheduleExpression: s.expression ?? null, duration: s.duration ?? null });
    return true;
  } catch (error) {
    if (!(error instanceof ServiceError)) throw error;
    const d = s.duration ?? '';
    const aboutDuration = [rotationRuleMessages.duration(d), rotationRuleMessages.windowPastDay(d), rotationRuleMessages.windowPastNext(d)].includes(error.message);
    const field = aboutDuration ? 'duration' : s.expression !== undefined ? 'scheduleExpression' : undefined;
    c.r.fail(field === undefined ? here : at(here, field), error.message);
    return false;
  }
}

/** The function must be this server's, in the secret's region and the server's account, as RotateSecret finds one. */
function checkFunction(c: ParseContext, here: string, arn: string, secret: string | undefined): boolean {
  const fn = c.rotationFunctions.nameOf(arn);
  if (fn === undefined) return c.r.fail(here, 'must be a Lambda function ARN: arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:NAME') ?? false;
  const [, , , region, account] = arn.split(':');
  if (region !== c.region || account !== c.accountId) {
    return c.r.fail(here, `must name a function of this server's account (${c.accountId}) in the secret's region (${c.region}): Secrets Manager invokes no other`) ?? false;
  }
  if (c.rotationFunctions.names.includes(fn)) return true;
  const register = `kura serve --rotation-function ${fn}=COMMAND --rotation-role ${fn}=ROLE, or KURA_ROTATION_FUNCTION and KURA_ROTATION_ROLE (docs/operations.md)`;
  return c.r.fail(here, `secret ${secret ?? '(unnamed)'}: rotation function ${fn} is not registered on this server: register it with ${register}`) ?? false;
}
