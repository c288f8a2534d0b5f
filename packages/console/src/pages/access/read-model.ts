// "Who can read this parameter?", as pure logic: which actions on which ARNs decide that a
// principal can read a parameter, and the verdict from SimulatePrincipalPolicy's answers.
//
// A parameter is read with ssm:GetParameter or ssm:GetParameters on its own ARN, or listed with
// ssm:GetParametersByPath on any path above it (its parent without Recursive, a higher one with
// Recursive=true). AWS authorizes GetParametersByPath on the path's ARN (`…:parameter/a/b`), and
// Kura does the same. A SecureString's value also needs kms:Decrypt on its key, which SSM asks for
// on the caller's behalf with kms:ViaService = ssm.<region>.amazonaws.com and the encryption
// context PARAMETER_ARN = the parameter's ARN; the simulation passes both as context.

import { find, type ContextEntry, type EvalDecision, type Evaluation, type Simulation } from './simulation.js';

export const GET_PARAMETER = 'ssm:GetParameter';
export const GET_PARAMETERS = 'ssm:GetParameters';
export const BY_PATH = 'ssm:GetParametersByPath';
export const DECRYPT = 'kms:Decrypt';

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** `foo` and `/foo` name the same parameter, `/foo`. */
export const canonicalName = (name: string) => (name.startsWith('/') ? name : `/${name}`);

/** A parameter's ARN, or a path's (`/` → `…:parameter/`), as SSM authorizes them. */
export function ssmArn(region: string, account: string, nameOrPath: string): string {
  return `arn:${partitionOf(region)}:ssm:${region}:${account}:parameter${canonicalName(nameOrPath)}`;
}

/** The paths GetParametersByPath lists a parameter from, nearest first: `/a/b/c` → `/a/b`, `/a`, `/`. */
export function pathsAbove(name: string): string[] {
  const segments = canonicalName(name).split('/').slice(1, -1);
  const paths: string[] = [];
  for (let i = segments.length; i > 0; i--) paths.push(`/${segments.slice(0, i).join('/')}`);
  paths.push('/');
  return paths;
}

export interface ReadTarget {
  region: string;
  account: string;
  name: string;
  /** The parameter's ARN as DescribeParameters gave it (else built from the name). */
  arn: string;
  secure: boolean;
  /** The key's ARN (an alias resolved with DescribeKey); undefined for a SecureString whose key could not be resolved. */
  keyArn: string | undefined;
}

const bool = (name: string, value: boolean): ContextEntry => ({ name, values: [String(value)], type: 'boolean' });

/** The simulations that answer "can this principal read `target`?". */
export function readSimulations(target: ReadTarget): Simulation[] {
  const [parent, ...higher] = pathsAbove(target.name);
  const pathArn = (p: string) => ssmArn(target.region, target.account, p);
  const simulations: Simulation[] = [
    { actions: [GET_PARAMETER, GET_PARAMETERS], resources: [target.arn] },
    { actions: [BY_PATH], resources: parent ? [pathArn(parent)] : [], context: [bool('ssm:Recursive', false)] },
    { actions: [BY_PATH], resources: higher.map(pathArn), context: [bool('ssm:Recursive', true)] },
  ];
  if (target.secure && target.keyArn) {
    simulations.push({
      actions: [DECRYPT],
      resources: [target.keyArn],
      context: [
        { name: 'kms:ViaService', values: [`ssm.${target.region}.amazonaws.com`], type: 'string' },
        { name: 'kms:EncryptionContext:PARAMETER_ARN', values: [target.arn], type: 'string' },
      ],
    });
  }
  return simulations.filter((s) => s.resources.length > 0);
}

/** allowed, else explicitDeny if any said so, else implicitDeny. */
export function strongest(decisions: EvalDecision[]): EvalDecision {
  if (decisions.includes('allowed')) return 'allowed';
  return decisions.includes('explicitDeny') ? 'explicitDeny' : 'implicitDeny';
}

export interface Cell {
  decision: EvalDecision;
  sources: string[];
}

export interface ReadVerdict {
  getParameter: Cell;
  getParameters: Cell;
  /** Allowed on any path above; `paths` are those allowed. */
  byPath: Cell & { paths: string[] };
  /** Undefined when the parameter is not a SecureString; 'unknown' when its key could not be resolved. */
  decrypt: Cell | 'unknown' | undefined;
  /** Some ssm read action is allowed. */
  ssmRead: boolean;
  /** An ssm read allowed and, for a SecureString, kms:Decrypt allowed. */
  canRead: boolean;
  /** Why not, in a few words; empty when it can. */
  reason: string;
  /** Every policy a deciding statement came from, once each. */
  sources: string[];
}

const cellOf = (e: Evaluation | undefined): Cell => ({ decision: e?.decision ?? 'implicitDeny', sources: e?.sources ?? [] });

export function readVerdict(target: ReadTarget, evaluations: Evaluation[]): ReadVerdict {
  const getParameter = cellOf(find(evaluations, GET_PARAMETER, target.arn));
  const getParameters = cellOf(find(evaluations, GET_PARAMETERS, target.arn));
  const pathResults = pathsAbove(target.name).map((p) => ({ path: p, e: find(evaluations, BY_PATH, ssmArn(target.region, target.account, p)) }));
  const allowedPaths = pathResults.filter((r) => r.e?.decision === 'allowed');
  const byPathDecision = strongest(pathResults.map((r) => r.e?.decision ?? 'implicitDeny'));
  const byPathSources = (byPathDecision === 'allowed' ? allowedPaths : pathResults.filter((r) => r.e?.decision === byPathDecision)).flatMap((r) => r.e?.sources ?? []);
  const byPath = { decision: byPathDecision, sources: [...new Set(byPathSources)], paths: allowedPaths.map((r) => r.path) };
  const decrypt: Cell | 'unknown' | undefined = !target.secure ? undefined : target.keyArn ? cellOf(find(evaluations, DECRYPT, target.keyArn)) : 'unknown';
  const ssmRead = [getParameter, getParameters, byPath].some((c) => c.decision === 'allowed');
  const decryptOk = decrypt === undefined || (decrypt !== 'unknown' && decrypt.decision === 'allowed');
  const canRead = ssmRead && decryptOk;
  const reason = canRead
    ? ''
    : !ssmRead
      ? 'no ssm read action is allowed'
      : decrypt === 'unknown'
        ? 'its key could not be resolved, so kms:Decrypt was not simulated'
        : 'kms:Decrypt on its key is not allowed';
  const cells = [getParameter, getParameters, byPath, ...(decrypt && decrypt !== 'unknown' ? [decrypt] : [])];
  return { getParameter, getParameters, byPath, decrypt, ssmRead, canRead, reason, sources: [...new Set(cells.flatMap((c) => c.sources))] };
}
