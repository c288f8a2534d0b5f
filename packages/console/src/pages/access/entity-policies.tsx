// A principal's permissions policies: the managed policies attached to it (each one's default
// version's document: GetPolicy, then GetPolicyVersion) and its inline policies (List…Policies,
// then Get…Policy). Each section loads, and fails, on its own: a caller may be allowed one listing
// and not the other, and sees IAM's own words for what it may not do.

import { useApi, type Api } from '../../app/api.js';
import { useAsync } from '../../app/use-async.js';
import { asObject, asText, type XmlValue } from '../../aws/xml.js';
import { Loading } from '../../ui/error-notice.js';
import { PolicyDocument } from '../../ui/policy-document.js';
import { IAM_NAMES, decodePolicyDocument, isAwsManaged, listAll, type PrincipalKind } from './iam.js';
import { IamErrorNotice, policyHref } from './parts.js';

export interface ManagedPolicy {
  name: string;
  arn: string;
  description: string;
  defaultVersionId: string;
  attachmentCount: string;
  document: string;
}

/** A managed policy and the document of its default version. */
export async function loadManagedPolicy(api: Api, arn: string, signal?: AbortSignal): Promise<ManagedPolicy> {
  const policy = asObject((await api.query('iam', 'GetPolicy', { PolicyArn: arn }, signal))['Policy']);
  const defaultVersionId = asText(policy['DefaultVersionId']);
  const version = asObject((await api.query('iam', 'GetPolicyVersion', { PolicyArn: arn, VersionId: defaultVersionId }, signal))['PolicyVersion']);
  return {
    name: asText(policy['PolicyName']),
    arn: asText(policy['Arn']) || arn,
    description: asText(policy['Description']),
    defaultVersionId,
    attachmentCount: asText(policy['AttachmentCount']),
    document: decodePolicyDocument(asText(version['Document'])),
  };
}

const idOf = (prefix: string, name: string) => `${prefix}-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/** One managed policy's document under its name (a link to the policy's page). */
export function ManagedPolicyDocument({ arn, heading, idPrefix }: { arn: string; heading: 'h3' | 'h4'; idPrefix: string }) {
  const api = useApi();
  const state = useAsync((signal) => loadManagedPolicy(api, arn, signal), [arn]);
  const Heading = heading;
  const name = arn.slice(arn.lastIndexOf('/') + 1);
  return (
    <article class="policy-card" data-testid={idOf(idPrefix, name)}>
      <Heading>
        <a href={policyHref(arn)}>{name}</a> {isAwsManaged(arn) ? <small class="kind-tag">AWS managed</small> : <small class="kind-tag">customer managed</small>}
      </Heading>
      <p>
        <code class="arn">{arn}</code>
        {state.data ? ` · version ${state.data.defaultVersionId}` : ''}
        {state.data?.description ? ` · ${state.data.description}` : ''}
      </p>
      <IamErrorNotice error={state.error} action={`reading the policy ${name}`} />
      {state.loading && !state.data ? <Loading what={`the policy ${name}`} /> : null}
      {state.data ? <PolicyDocument document={state.data.document} kind="identity" label={`Policy ${name}`} id={idOf(idPrefix, name)} /> : null}
    </article>
  );
}

export function AttachedPolicies({ kind, name }: { kind: PrincipalKind; name: string }) {
  const api = useApi();
  const noun = IAM_NAMES[kind].noun;
  const state = useAsync(
    (signal) => listAll(api, `ListAttached${noun}Policies`, 'AttachedPolicies', { [IAM_NAMES[kind].nameKey]: name }, signal),
    [kind, name],
  );
  const arns = (state.data ?? []).map((p) => asText(asObject(p)['PolicyArn']));
  return (
    <section aria-labelledby="attached-heading">
      <h2 id="attached-heading">Managed policies</h2>
      <IamErrorNotice error={state.error} action="listing the attached managed policies" />
      {state.loading && !state.data ? <Loading what="attached policies" /> : null}
      {state.data && arns.length === 0 ? <p>No managed policy is attached.</p> : null}
      {arns.map((arn) => (
        <ManagedPolicyDocument key={arn} arn={arn} heading="h3" idPrefix="managed" />
      ))}
    </section>
  );
}

async function loadInline(api: Api, kind: PrincipalKind, name: string, signal: AbortSignal) {
  const noun = IAM_NAMES[kind].noun;
  const member = { [IAM_NAMES[kind].nameKey]: name };
  const names = (await listAll(api, `List${noun}Policies`, 'PolicyNames', member, signal)).map((n) => asText(n));
  const documents = await Promise.all(
    names.map(async (policyName) => {
      try {
        const result = await api.query('iam', `Get${noun}Policy`, { ...member, PolicyName: policyName }, signal);
        return { policyName, document: decodePolicyDocument(asText(result['PolicyDocument'])), error: undefined };
      } catch (error) {
        return { policyName, document: undefined, error };
      }
    }),
  );
  return documents;
}

export function InlinePolicies({ kind, name }: { kind: PrincipalKind; name: string }) {
  const api = useApi();
  const state = useAsync((signal) => loadInline(api, kind, name, signal), [kind, name]);
  return (
    <section aria-labelledby="inline-heading">
      <h2 id="inline-heading">Inline policies</h2>
      <IamErrorNotice error={state.error} action="listing the inline policies" />
      {state.loading && !state.data ? <Loading what="inline policies" /> : null}
      {state.data && state.data.length === 0 ? <p>No inline policy.</p> : null}
      {(state.data ?? []).map((p) => (
        <article class="policy-card" key={p.policyName} data-testid={idOf('inline', p.policyName)}>
          <h3>{p.policyName}</h3>
          <IamErrorNotice error={p.error} action={`reading the inline policy ${p.policyName}`} />
          {p.document !== undefined ? <PolicyDocument document={p.document} kind="identity" label={`Inline policy ${p.policyName}`} id={idOf('inline', p.policyName)} /> : null}
        </article>
      ))}
    </section>
  );
}

/** The permissions boundary named in GetUser/GetRole's answer, if any. */
export function boundaryArnOf(entity: Record<string, XmlValue>): string | undefined {
  const boundary = asObject(entity['PermissionsBoundary']);
  const arn = asText(boundary['PermissionsBoundaryArn']);
  return arn || undefined;
}

export function Boundary({ arn }: { arn: string | undefined }) {
  return (
    <section aria-labelledby="boundary-heading">
      <h2 id="boundary-heading">Permissions boundary</h2>
      {arn ? (
        <>
          <p>Nothing is allowed beyond what this policy allows, whatever the other policies say.</p>
          <ManagedPolicyDocument arn={arn} heading="h3" idPrefix="boundary" />
        </>
      ) : (
        <p>No permissions boundary.</p>
      )}
    </section>
  );
}
