// Manual comparison of @cloud-copilot/iam-simulate with Kura's evaluator (EVALUATOR.md): fidelity
// on the AWS-documentation corpus, differential agreement on random policy sets, targeted probes
// and speed. iam-simulate is AGPL and not a dependency; install it outside the repo first:
//
//   npm install --prefix /tmp/iamsim @cloud-copilot/iam-simulate@0.1.173
//   cd packages/kura && IAM_SIMULATE=/tmp/iamsim/node_modules node --import tsx scripts/compare-iam-simulate.mjs
//
// DIFF_RUNS (default 3000) sets the number of random cases.
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { evaluate } from '../src/policy/evaluate.js';
import { corpusPolicySet, corpusPrincipal, corpusRequest, loadCorpus } from '../src/policy/testing/evaluation-corpus.js';
import { rawPolicySet, realistic, request as requestArb, toPolicySet } from '../src/policy/testing/evaluate-arbitraries.js';
import { realisticDocs, realisticRequest, realisticSet } from '../src/policy/testing/evaluate-fixture.js';

const base = process.env.IAM_SIMULATE;
if (!base) throw new Error('set IAM_SIMULATE to the node_modules folder holding @cloud-copilot/iam-simulate');
const load = (p) => import(pathToFileURL(path.join(base, p)).href);
const sim = await load('@cloud-copilot/iam-simulate/dist/esm/index.js');
const { loadPolicy } = await load('@cloud-copilot/iam-policy/dist/esm/index.js');
const { authorize } = await load('@cloud-copilot/iam-simulate/dist/esm/core_engine/CoreSimulatorEngine.js');
const { AwsRequestImpl } = await load('@cloud-copilot/iam-simulate/dist/esm/request/request.js');
const { RequestContextImpl } = await load('@cloud-copilot/iam-simulate/dist/esm/requestContext.js');
const { DiscoveryContextKeyConstraints } = await load('@cloud-copilot/iam-simulate/dist/esm/context_keys/discoveryContextKeyConstraints.js');

const verdict = { Allowed: 'Allow', ImplicitlyDenied: 'ImplicitDeny', ExplicitlyDenied: 'ExplicitDeny' };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** iam-simulate's Simulation input for a set of documents and a Kura request. */
function simulation(raw, req, account) {
  const s = {
    request: { principal: req.principal.type === 'Service' ? req.principal.service : req.principal.arn, action: req.action, resource: { resource: req.resource, accountId: account }, contextVariables: req.context },
    identityPolicies: raw.identity.map((policy, i) => ({ name: `identity-${i}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  };
  if (raw.boundary) s.permissionBoundaryPolicies = [{ name: 'boundary', policy: raw.boundary }];
  if (raw.session) {
    // One session policy in iam-simulate: the union of Kura's list (an empty list allows nothing).
    const statements = raw.session.flatMap((d) => (Array.isArray(d.Statement) ? d.Statement : [d.Statement]));
    s.sessionPolicy = { Version: '2012-10-17', Statement: statements.length > 0 ? statements : [{ Effect: 'Deny', NotAction: '*', Resource: '*' }] };
  }
  if (raw.resource) s.resourcePolicy = raw.resource.doc;
  return s;
}

/** The engine without validation or context filtering (what runSimulation calls after its checks).
 * runUnsafeSimulation would be this, but it drops session policies and crashes on a resource
 * policy, so the call is rebuilt. */
function prepareEngine(s, wildcardOnly) {
  const identityPolicies = s.identityPolicies.map((p) => loadPolicy(p.policy, { name: p.name }));
  const permissionBoundaries = s.permissionBoundaryPolicies?.map((p) => loadPolicy(p.policy, { name: p.name }));
  const sessionPolicy = s.sessionPolicy ? loadPolicy(s.sessionPolicy, { name: 'SessionPolicy' }) : undefined;
  const resourcePolicy = s.resourcePolicy ? loadPolicy(s.resourcePolicy, { name: 'ResourcePolicy' }) : undefined;
  const constraints = new DiscoveryContextKeyConstraints([]);
  return () => authorize({
    request: new AwsRequestImpl(s.request.principal, s.request.resource, s.request.action, new RequestContextImpl(s.request.contextVariables), wildcardOnly),
    sessionPolicy, identityPolicies, serviceControlPolicies: [], resourceControlPolicies: [], resourcePolicy, permissionBoundaries, vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: constraints },
    serviceSettings: { s3: { blockPublicAccess: undefined } },
  }).result;
}

async function engine(s) {
  const [service, name] = s.request.action.split(':');
  const wildcardOnly = await sim.isWildcardOnlyAction(service.toLowerCase(), name).catch(() => false);
  return verdict[prepareEngine(s, wildcardOnly)()];
}

async function validated(s) {
  const r = await sim.runSimulation(s, {});
  if (r.resultType === 'error') return `error: ${r.errors.message}`;
  const ignored = r.result?.ignoredContextKeys ?? [];
  return verdict[r.overallResult] + (ignored.length > 0 ? ` (ignored context keys: ${ignored.join(', ')})` : '');
}

// 1. The documentation corpus.
const corpus = loadCorpus();
const score = { requests: 0, kura: 0, engine: 0, validated: 0, validatedErrors: 0 };
for (const c of corpus.cases) {
  for (const r of c.requests) {
    score.requests += 1;
    const set = corpusPolicySet(c, r);
    const req = corpusRequest(c, r);
    if (evaluate(set, req).decision === r.expect) score.kura += 1;
    const person = ['User', 'AssumedRole'].includes(corpusPrincipal(r.principal, c.account).type);
    const raw = { identity: person ? c.identity ?? [] : [] };
    if (person && c.boundary) raw.boundary = c.boundary;
    if (req.principal.type === 'AssumedRole' && c.session) raw.session = c.session;
    if (set.resource) raw.resource = { doc: set.resource.kind === 'kms-key' ? c.keyPolicy : c.trustPolicy };
    const s = simulation(raw, req, c.account);
    const e = await engine(s);
    const v = await validated(s);
    if (e === r.expect) score.engine += 1;
    else console.log(`  engine    ${e} (AWS docs: ${r.expect})  ${c.name} | ${r.principal} ${r.action} ${r.resource}`);
    if (v.startsWith('error')) score.validatedErrors += 1;
    else if (v.startsWith(r.expect)) score.validated += 1;
    if (!v.startsWith(r.expect)) console.log(`  validated ${v} (AWS docs: ${r.expect})  ${c.name} | ${r.principal} ${r.action} ${r.resource}`);
  }
}
console.log('corpus', score);

// 2. Random policy sets (the property test's generators), restricted to requests Kura can meet:
// not the root user (iam-simulate does not model it), not "*" for actions with resource-level
// permissions (iam-simulate reads it as "some resource"), key/trust policies only on their own
// requests, and key/AssumeRole requests only with their key/trust policy.
const samples = fc.sample(fc.tuple(rawPolicySet, requestArb), { numRuns: Number(process.env.DIFF_RUNS ?? 3000), seed: 42 });
const diff = { compared: 0, agree: 0, skipped: 0 };
const kinds = {};
for (const [all, req] of samples) {
  const raw = realistic(all, req);
  const onKey = req.resource.includes(':key/') && req.action.startsWith('kms:');
  const assume = req.action === 'sts:AssumeRole' && req.resource.includes(':role/');
  if (raw.resource && !(raw.resource.kind === 'kms-key' ? onKey : assume)) delete raw.resource;
  if (req.principal.type === 'Account' || req.resource === '*' || ((onKey || assume) && !raw.resource)) {
    diff.skipped += 1;
    continue;
  }
  diff.compared += 1;
  const kura = evaluate(toPolicySet(raw), req).decision;
  const other = await engine(simulation(raw, req, req.principal.accountId));
  if (kura === other) diff.agree += 1;
  else kinds[`${kura} (kura) vs ${other}`] = (kinds[`${kura} (kura) vs ${other}`] ?? 0) + 1;
}
console.log('random sets', diff, kinds);

// 3. One minimal case per kind of disagreement found by minimizing the random ones.
{
  const A = '111122223333';
  const key = `arn:aws:kms:eu-west-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const session = (role, name) => ({ arn: `arn:aws:sts::${A}:assumed-role/${role}/${name}`, accountId: A, type: 'AssumedRole', roleArn: `arn:aws:iam::${A}:role/${role}` });
  const alice = { arn: `arn:aws:iam::${A}:user/alice`, accountId: A, type: 'User' };
  const v = (Statement) => ({ Version: '2012-10-17', Statement });
  const delegate = { kind: 'kms-key', doc: v([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' }]) };
  const probes = [
    ['NotPrincipal Deny listing the account, role app and session app/s1; caller other/s1',
      { identity: [], resource: { kind: 'kms-key', doc: v([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/other` }, Action: 'kms:*', Resource: '*' }, { Effect: 'Deny', NotPrincipal: { AWS: [`arn:aws:iam::${A}:root`, `arn:aws:iam::${A}:role/app`, session('app', 's1').arn] }, Action: 'kms:*', Resource: '*' }]) } },
      { principal: session('other', 's1'), action: 'kms:Decrypt', resource: key, context: {} }],
    ['Deny + NotResource "arn:aws:ssm:*" (a short ARN) on a KMS key',
      { identity: [v([{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'kms:*', NotResource: 'arn:aws:ssm:*' }])], resource: delegate },
      { principal: alice, action: 'kms:Decrypt', resource: key, context: {} }],
    ['Deny + NotResource "arn:aws:ssm:*:parameter/b" (five parts)',
      { identity: [v([{ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', Action: 'ssm:*', NotResource: 'arn:aws:ssm:*:parameter/b' }])] },
      { principal: alice, action: 'ssm:GetParameter', resource: `arn:aws:ssm:eu-west-1:${A}:parameter/a`, context: {} }],
    ['root user without policies',
      { identity: [] }, { principal: { arn: `arn:aws:iam::${A}:root`, accountId: A, type: 'Account' }, action: 'ssm:GetParameter', resource: `arn:aws:ssm:eu-west-1:${A}:parameter/a`, context: {} }],
    ['trust policy naming the session ARN; the session policy allows only S3',
      { identity: [], session: [v([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }])], resource: { kind: 'role-trust', doc: v([{ Effect: 'Allow', Principal: { AWS: session('app', 's1').arn }, Action: 'sts:AssumeRole' }]) } },
      { principal: session('app', 's1'), action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/target`, context: {} }],
    ['trust policy Principal "*"; the user\'s boundary allows only S3',
      { identity: [], boundary: v([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]), resource: { kind: 'role-trust', doc: v([{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }]) } },
      { principal: alice, action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/target`, context: {} }],
    ['key policy Deny on kms:EncryptionContext:PARAMETER_ARN',
      { identity: [], resource: { kind: 'kms-key', doc: v([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/app` }, Action: 'kms:Decrypt', Resource: '*' }, { Effect: 'Deny', Principal: '*', Action: 'kms:Decrypt', Resource: '*', Condition: { StringLike: { 'kms:EncryptionContext:PARAMETER_ARN': '*:parameter/secret/*' } } }]) } },
      { principal: session('app', 's1'), action: 'kms:Decrypt', resource: key, context: { 'kms:EncryptionContext:PARAMETER_ARN': `arn:aws:ssm:eu-west-1:${A}:parameter/secret/db` } }],
  ];
  for (const [name, raw, req] of probes) {
    const s = simulation(raw, req, A);
    console.log(`probe: ${name}\n   kura ${evaluate(toPolicySet(raw), req).decision} | iam-simulate engine ${await engine(s)} | runSimulation ${await validated(s)}`);
  }
}

// 4. Speed on testing/evaluate-fixture.ts (the speed test's request).
const s = simulation(realisticDocs, realisticRequest, realisticRequest.principal.accountId);
const fast = prepareEngine(s, false);
console.log('fixture decisions:', evaluate(realisticSet, realisticRequest).decision, verdict[fast()], await validated(s));
for (const [name, fn, runs] of [
  ['kura evaluate', () => evaluate(realisticSet, realisticRequest), 10000],
  ['iam-simulate engine (policies loaded once)', fast, 5000],
  ['iam-simulate runSimulation (validated)', () => sim.runSimulation(s, {}), 500],
]) {
  for (let i = 0; i < 50; i += 1) await fn();
  const t = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await fn();
    t.push(performance.now() - start);
  }
  console.log(`${name}: median ${(median(t) * 1000).toFixed(1)} µs over ${runs}`);
}
