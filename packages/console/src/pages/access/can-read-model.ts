// "What can this principal read?", as pure logic, one level of the parameter tree at a time: the
// batched simulations for a page of branches and parameters (ResourceArns takes many ARNs in one
// call), and the marks drawn from the answers.
//
// A branch is readable when ssm:GetParametersByPath with Recursive=true is allowed on its path, or on
// a path above it (which lists everything below). A parameter is readable when ssm:GetParameter or
// ssm:GetParameters is allowed on it, or a path above it is readable and lists it; a SecureString's
// value also needs kms:Decrypt on its key through SSM. Kura's default path mode (strict) leaves out
// of a listing a parameter the caller is explicitly denied ssm:GetParametersByPath on, so that is
// asked too, in the same batch as the branches (same action, same ssm:Recursive). The parameters'
// tags are not read here (one call each), so a Deny that names them is not seen.

import { BY_PATH, DECRYPT, GET_PARAMETER, GET_PARAMETERS, ssmArn, strongest } from './read-model.js';
import { find, type EvalDecision, type Evaluation, type Simulation } from './simulation.js';

export interface Where {
  region: string;
  account: string;
}

export interface LevelParameter {
  name: string;
  secure: boolean;
  /** The key's ARN for a SecureString; undefined when it could not be resolved. */
  keyArn: string | undefined;
}

/**
 * The simulations for a page of one level: by-path on each branch (and on `self`, the level's own
 * path, when nothing above has been asked: the root), and on each parameter when a path above may
 * list them (`listedAbove`); the get actions on each parameter, and kms:Decrypt on each
 * SecureString's key.
 */
export function levelSimulations(where: Where, branches: string[], parameters: LevelParameter[], self?: string, listedAbove = false): Simulation[] {
  const arn = (p: string) => ssmArn(where.region, where.account, p);
  const keys = [...new Set(parameters.flatMap((p) => (p.secure && p.keyArn ? [p.keyArn] : [])))];
  // A parameter and a branch may share a name, so an ARN once: same action, same context, same answer.
  const paths = [...new Set([...(self !== undefined ? [self] : []), ...branches, ...(listedAbove ? parameters.map((p) => p.name) : [])])];
  const simulations: Simulation[] = [
    { actions: [BY_PATH], resources: paths.map(arn), context: [{ name: 'ssm:Recursive', values: ['true'], type: 'boolean' }] },
    { actions: [GET_PARAMETER, GET_PARAMETERS], resources: parameters.map((p) => arn(p.name)) },
    { actions: [DECRYPT], resources: keys, context: [{ name: 'kms:ViaService', values: [`ssm.${where.region}.amazonaws.com`], type: 'string' }] },
  ];
  return simulations.filter((s) => s.resources.length > 0);
}

export interface BranchMark {
  /** GetParametersByPath (Recursive) on the branch's own path. */
  own: EvalDecision;
  sources: string[];
  /** Readable: allowed on its own path, or through `through`, a readable path above. */
  readable: boolean;
  through: string | undefined;
}

export function branchMark(where: Where, evaluations: Evaluation[], path: string, readableAbove: string | undefined): BranchMark {
  const e = find(evaluations, BY_PATH, ssmArn(where.region, where.account, path));
  const own = e?.decision ?? 'implicitDeny';
  const readable = own === 'allowed' || readableAbove !== undefined;
  return { own, sources: e?.sources ?? [], readable, through: own === 'allowed' ? undefined : readableAbove };
}

export interface ParameterMark {
  /** The ways its value can be fetched: `ssm:GetParameter`, `ssm:GetParameters`, `by path /a`. */
  via: string[];
  /** The readable path above whose listing leaves it out: an explicit Deny of GetParametersByPath on it. */
  keptOutOf: string | undefined;
  /** Some ssm read is allowed. */
  ssmRead: boolean;
  /** For a SecureString: kms:Decrypt's decision, or 'unknown' when its key was not resolved. */
  decrypt: EvalDecision | 'unknown' | undefined;
  /** The value can be read in clear. */
  readable: boolean;
  /** The ssm read is allowed but the value would come back encrypted. */
  ciphertextOnly: boolean;
  sources: string[];
}

export function parameterMark(where: Where, evaluations: Evaluation[], parameter: LevelParameter, readablePath: string | undefined): ParameterMark {
  const arn = ssmArn(where.region, where.account, parameter.name);
  const gets = [GET_PARAMETER, GET_PARAMETERS].map((action) => ({ action, e: find(evaluations, action, arn) }));
  const via = gets.filter((g) => g.e?.decision === 'allowed').map((g) => g.action);
  const own = readablePath !== undefined ? find(evaluations, BY_PATH, arn) : undefined;
  const keptOutOf = own?.decision === 'explicitDeny' ? readablePath : undefined;
  if (readablePath !== undefined && keptOutOf === undefined) via.push(`by path ${readablePath}`);
  const ssmRead = via.length > 0;
  const decryptEval = parameter.secure && parameter.keyArn ? find(evaluations, DECRYPT, parameter.keyArn) : undefined;
  const decrypt: ParameterMark['decrypt'] = !parameter.secure ? undefined : parameter.keyArn ? (decryptEval?.decision ?? 'implicitDeny') : 'unknown';
  const decryptOk = decrypt === undefined || decrypt === 'allowed';
  const sources = [
    ...gets.flatMap((g) => (g.e?.decision === strongest(gets.map((x) => x.e?.decision ?? 'implicitDeny')) ? g.e.sources : [])),
    ...(keptOutOf !== undefined ? (own?.sources ?? []) : []),
    ...(decryptEval?.sources ?? []),
  ];
  return { via, keptOutOf, ssmRead, decrypt, readable: ssmRead && decryptOk, ciphertextOnly: ssmRead && !decryptOk, sources: [...new Set(sources)] };
}
