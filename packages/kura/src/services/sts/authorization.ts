// The generic authorization of every STS operation, run by the gateway before the handler. STS has
// nothing to check here: each rule names the action the operation is authorized for and says where
// that happens. AssumeRole (and Kura's KuraAssumeRoleAsService) authorize on the role, under its trust
// policy, in the handler: only the handler finds the role. GetCallerIdentity and GetSessionToken need
// no permission. An operation missing from the table is refused: a new handler cannot run
// unauthorized by accident.

import type { OperationContext } from '../context.js';
import { KURA_ASSUME_ROLE_AS_SERVICE } from './kura-assume-role-as-service.js';

/** How an STS operation is authorized: `action`, checked where `checkedBy` says. */
export interface StsRule {
  action: string;
  /**
   * `handler`: on the role, once the handler has found it and its trust policy.
   * `nobody`: never, as on AWS, where no permission is required and a policy naming the action has
   * no effect (https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html,
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html).
   */
  checkedBy: 'handler' | 'nobody';
}

const RULES: ReadonlyMap<string, StsRule> = new Map(
  Object.entries({
    AssumeRole: { action: 'sts:AssumeRole', checkedBy: 'handler' },
    GetCallerIdentity: { action: 'sts:GetCallerIdentity', checkedBy: 'nobody' },
    GetSessionToken: { action: 'sts:GetSessionToken', checkedBy: 'nobody' },
    [KURA_ASSUME_ROLE_AS_SERVICE]: { action: 'kura:AssumeRoleAsService', checkedBy: 'handler' },
  } satisfies Record<string, StsRule>),
);

/** The table, for the test that holds it to the implemented operations and their handlers. */
export const stsRules: ReadonlyMap<string, StsRule> = RULES;

export async function authorizeSts(operation: string, _input: Record<string, unknown>, _ctx: OperationContext): Promise<void> {
  if (!RULES.has(operation)) throw new Error(`no authorization rule for STS operation ${operation}`);
}
