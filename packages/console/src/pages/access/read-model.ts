// "Who can read this parameter?", as pure logic: which actions on which ARNs decide that a
// principal can read a parameter, and the verdict from SimulatePrincipalPolicy's answers.
//
// A parameter is read with ssm:GetParameter or ssm:GetParameters on its own ARN, or listed with
// ssm:GetParametersByPath on any path above it (its parent without Recursive, a higher one with
// Recursive=true). AWS authorizes GetParametersByPath on the path's ARN (`…:parameter/a/b`), and
// Kura does the same. A SecureString's value also needs kms:Decrypt on its key, which SSM asks for
// on the caller's behalf with kms:ViaService = ssm.<region>.amazonaws.com and the encryption
// context PARAMETER_ARN = the parameter's ARN; the simulation passes both as context.
//
// Kura's default path mode (`--path-authorization strict`) also leaves a parameter out of a path
// listing when the caller is explicitly denied ssm:GetParametersByPath on the parameter's own ARN,
// with that listing's ssm:Recursive and the parameter's tags as context. So that check is simulated
// too, for each route (the parent, not recursive; higher paths, recursive), and an explicit Deny
// there takes the route away. With `--path-authorization aws` the server would still list it.

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
  /** Its tags (ListTagsForResource); none known when they could not be read. */
  tags?: Array<{ Key: string; Value: string }>;
}

const bool = (name: string, value: boolean): ContextEntry => ({ name, values: [String(value)], type: 'boolean' });

/** A parameter's tags as the server gives them to policies, under both spellings SSM documents. */
export function resourceTagContext(tags: Array<{ Key: string; Value: string }>): ContextEntry[] {
  return tags.flatMap((t) => [
    { name: `aws:ResourceTag/${t.Key}`, values: [t.Value], type: 'string' as const },
    { name: `ssm:resourceTag/${t.Key}`, values: [t.Value], type: 'string' as const },
  ]);
}

/** Labels the strict-mode check on the parameter's own ARN, one per route: both use the same action and ARN. */
export const ownArnLabel = (recursive: boolean) => `own ARN, Recursive=${recursive}`;

/** The simulations that answer "can this principal read `target`?". */
export function readSimulations(target: ReadTarget): Simulation[] {
  const [parent, ...higher] = pathsAbove(target.name);
  const pathArn = (p: string) => ssmArn(target.region, target.account, p);
  const tags = resourceTagContext(target.tags ?? []);
  const simulations: Simulation[] = [{ actions: [GET_PARAMETER, GET_PARAMETERS], resources: [target.arn], ...(tags.length > 0 ? { context: tags } : {}) }];
  for (const [paths, recursive] of [[parent ? [parent] : [], false], [higher, true]] as const) {
    if (paths.length === 0) continue;
    const route = [bool('ssm:Recursive', recursive)];
    const label = ownArnLabel(recursive);
    // The server asks about a path without the parameter's tags: with tags, its own ARN is a call of its own.
    if (tags.length === 0) simulations.push({ actions: [BY_PATH], resources: [...paths.map(pathArn), target.arn], context: route, label });
    else simulations.push({ actions: [BY_PATH], resources: paths.map(pathArn), context: route }, { actions: [BY_PATH], resources: [target.arn], context: [...route, ...tags], label });
  }
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
  /**
   * Listed by a path above. `paths`: the allowed paths whose listing returns it; `keptOutOf`: allowed
   * paths whose listing leaves it out (an explicit Deny on its own ARN). Only kept out: explicitDeny,
   * with the Deny's sources.
   */
  byPath: Cell & { paths: string[]; keptOutOf: string[] };
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
const sourcesOf = (evaluations: Array<Evaluation | undefined>) => [...new Set(evaluations.flatMap((e) => e?.sources ?? []))];

function byPathVerdict(target: ReadTarget, evaluations: Evaluation[]): ReadVerdict['byPath'] {
  const routes = pathsAbove(target.name).map((path, i) => ({
    path,
    e: find(evaluations, BY_PATH, ssmArn(target.region, target.account, path)),
    // The parent is listed without Recursive, higher paths with it (readSimulations).
    own: find(evaluations, BY_PATH, target.arn, ownArnLabel(i > 0)),
  }));
  const allowed = routes.filter((r) => r.e?.decision === 'allowed');
  const listing = allowed.filter((r) => r.own?.decision !== 'explicitDeny');
  const keptOut = allowed.filter((r) => r.own?.decision === 'explicitDeny');
  const paths = listing.map((r) => r.path);
  const keptOutOf = keptOut.map((r) => r.path);
  if (listing.length > 0) return { decision: 'allowed', sources: sourcesOf(listing.map((r) => r.e)), paths, keptOutOf };
  if (keptOut.length > 0) return { decision: 'explicitDeny', sources: sourcesOf(keptOut.map((r) => r.own)), paths, keptOutOf };
  const decision = strongest(routes.map((r) => r.e?.decision ?? 'implicitDeny'));
  return { decision, sources: sourcesOf(routes.filter((r) => r.e?.decision === decision).map((r) => r.e)), paths, keptOutOf };
}

export function readVerdict(target: ReadTarget, evaluations: Evaluation[]): ReadVerdict {
  const getParameter = cellOf(find(evaluations, GET_PARAMETER, target.arn));
  const getParameters = cellOf(find(evaluations, GET_PARAMETERS, target.arn));
  const byPath = byPathVerdict(target, evaluations);
  const decrypt: Cell | 'unknown' | undefined = !target.secure ? undefined : target.keyArn ? cellOf(find(evaluations, DECRYPT, target.keyArn)) : 'unknown';
  const ssmRead = [getParameter, getParameters, byPath].some((c) => c.decision === 'allowed');
  const decryptOk = decrypt === undefined || (decrypt !== 'unknown' && decrypt.decision === 'allowed');
  const canRead = ssmRead && decryptOk;
  const reason = canRead
    ? ''
    : !ssmRead
      ? byPath.keptOutOf.length > 0
        ? 'an explicit Deny on the parameter keeps it out of path listings, and no other ssm read is allowed'
        : 'no ssm read action is allowed'
      : decrypt === 'unknown'
        ? 'its key could not be resolved, so kms:Decrypt was not simulated'
        : 'kms:Decrypt on its key is not allowed';
  const cells = [getParameter, getParameters, byPath, ...(decrypt && decrypt !== 'unknown' ? [decrypt] : [])];
  return { getParameter, getParameters, byPath, decrypt, ssmRead, canRead, reason, sources: [...new Set(cells.flatMap((c) => c.sources))] };
}
