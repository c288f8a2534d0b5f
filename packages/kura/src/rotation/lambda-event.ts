// The two things a rotation function process reads from the runner (run-step.ts): the event, on
// stdin and in KURA_ROTATION_EVENT, and the Lambda context, from the variables the runner sets.
// Shared by the Node bootstrap and Kura's built-in rotation functions; the Python bootstrap
// (runtime/lambda-bootstrap.py) reads the same variables.

import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { RotationEvent, RotationStep } from './run-step.js';

const STEPS: ReadonlySet<string> = new Set<RotationStep>(['createSecret', 'setSecret', 'testSecret', 'finishSecret']);

/** The event JSON: stdin when it holds one (the runner writes it there), else KURA_ROTATION_EVENT. */
export function readEventText(env: NodeJS.ProcessEnv, stdin: () => string = () => readFileSync(0, 'utf8')): string {
  let text = '';
  if (!process.stdin.isTTY) {
    try {
      text = stdin();
    } catch {
      // No stdin at all (closed descriptor): the variable is the other way in.
    }
  }
  if (text.trim() === '') text = env.KURA_ROTATION_EVENT ?? '';
  if (text.trim() === '') throw new Error('no rotation event: expected JSON on stdin or in KURA_ROTATION_EVENT');
  return text;
}

/** Parses and checks a rotation event as AWS's templates rely on it. */
export function parseRotationEvent(text: string): RotationEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('the rotation event is not JSON');
  }
  const event = parsed as Partial<Record<keyof RotationEvent, unknown>>;
  if (typeof parsed !== 'object' || parsed === null) throw new Error('the rotation event is not a JSON object');
  for (const key of ['SecretId', 'ClientRequestToken', 'Step'] as const) {
    if (typeof event[key] !== 'string' || event[key] === '') throw new Error(`the rotation event has no ${key}`);
  }
  if (!STEPS.has(event.Step as string)) throw new Error(`invalid step parameter ${String(event.Step)}`);
  return {
    SecretId: event.SecretId as string,
    ClientRequestToken: event.ClientRequestToken as string,
    Step: event.Step as RotationStep,
    ...(typeof event.RotationToken === 'string' ? { RotationToken: event.RotationToken } : {}),
  };
}

/** Lambda's Node context, minimal: what rotation functions use. */
export interface LambdaContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

export function lambdaContext(env: NodeJS.ProcessEnv, now: () => number = Date.now): LambdaContext {
  const functionName = env.AWS_LAMBDA_FUNCTION_NAME ?? 'kura-rotation-function';
  const deadline = Number(env.KURA_ROTATION_DEADLINE_MS);
  return {
    functionName,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION ?? '$LATEST',
    invokedFunctionArn: env.KURA_ROTATION_FUNCTION_ARN ?? '',
    memoryLimitInMB: '128',
    awsRequestId: env.KURA_ROTATION_REQUEST_ID ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'kura',
    callbackWaitsForEmptyEventLoop: true,
    // No deadline given (run by hand): Lambda's longest, 15 minutes, counted from now.
    getRemainingTimeInMillis: Number.isFinite(deadline) ? () => Math.max(0, deadline - now()) : ((start) => () => Math.max(0, start + 900_000 - now()))(now()),
  };
}
