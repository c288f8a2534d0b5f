// The policy folder's public surface: parse and validate documents, evaluate requests against
// them, word AWS's access-denied messages, match IAM wildcards.

export { parsePolicy, type ParsePolicyOptions } from './parse-policy.js';
export { PolicyError, reasons as policyErrorReasons, type PolicyErrorCode } from './errors.js';
export { globMatch, type GlobOptions } from './compiled-glob.js';
export { POLICY_SIZE_LIMITS, policyLength, type LengthUnit } from './limits.js';
export {
  CONDITION_OPERATORS,
  type ConditionEntry,
  type ConditionOperator,
  type ConditionSet,
  type Effect,
  type ParsedPolicy,
  type ParsedStatement,
  type PatternList,
  type PolicyKind,
  type PolicyVersion,
  type PrincipalSet,
} from './types.js';
export { evaluate } from './evaluate.js';
export { compilePolicy } from './compile-policy.js';
export { accessDeniedMessage } from './deny-message.js';
export { referencedKeys, setNamesKeyWithPrefix } from './referenced-keys.js';
export type {
  Decision,
  DecisionKind,
  EvaluationRequest,
  PolicySet,
  PolicySource,
  PolicyTypePhrase,
  RequestPrincipal,
  ResourcePolicyKind,
  SourcedPolicy,
} from './evaluation-types.js';
