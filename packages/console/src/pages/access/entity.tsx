// #/access/user/<name>, #/access/role/<name>, #/access/group/<name>: one principal, what it is
// (GetUser / GetRole / GetGroup), a role's trust policy (who may assume it), its permissions
// boundary, its managed and inline policies, its groups or members, and its tags; with a link to
// "what can it read?".

import { useApi } from '../../app/api.js';
import { href } from '../../app/router.js';
import { Breadcrumb } from '../../ui/breadcrumb.js';
import { useAsync } from '../../app/use-async.js';
import { asObject, asText } from '../../aws/xml.js';
import { DateTime } from '../../ui/date-time.js';
import { Loading } from '../../ui/error-notice.js';
import { PolicyDocument } from '../../ui/policy-document.js';
import { AttachedPolicies, Boundary, InlinePolicies, boundaryArnOf } from './entity-policies.js';
import { GroupUsers, Tags, UserGroups } from './entity-relations.js';
import { IAM_NAMES, decodePolicyDocument, principalOf, type PrincipalKind } from './iam.js';
import { IamErrorNotice, KindTag } from './parts.js';

export function EntityPage({ kind, name }: { kind: PrincipalKind; name: string }) {
  const api = useApi();
  const names = IAM_NAMES[kind];
  const state = useAsync(async (signal) => asObject((await api.query('iam', names.get, { [names.nameKey]: name }, signal))[names.noun]), [kind, name]);
  const entity = state.data;
  const principal = entity ? principalOf(kind, entity) : undefined;
  const trust = kind === 'role' && entity ? decodePolicyDocument(asText(entity['AssumeRolePolicyDocument'])) : undefined;

  return (
    <section class="access-page">
      <Breadcrumb trail={[{ label: `Access · ${names.plural}`, href: href('access', [], { tab: names.plural.toLowerCase() }) }, { label: name }]} />
      <h1>
        {names.noun} {name}
      </h1>
      <IamErrorNotice error={state.error} action={`reading the ${names.noun.toLowerCase()} ${name}`} />
      {state.loading && !entity ? <Loading what={`the ${names.noun.toLowerCase()}`} /> : null}
      {entity && principal ? (
        <>
          <dl class="entity-summary">
            <dt>ARN</dt>
            <dd>
              <code class="arn">{principal.arn}</code>
            </dd>
            <dt>Unique ID</dt>
            <dd>
              <code>{principal.id}</code>
            </dd>
            <dt>Path</dt>
            <dd>{principal.path}</dd>
            <dt>Created</dt>
            <dd>
              <DateTime value={principal.created} />
            </dd>
            {principal.description ? (
              <>
                <dt>Description</dt>
                <dd>{principal.description}</dd>
              </>
            ) : null}
            {kind === 'role' ? (
              <>
                <dt>Maximum session</dt>
                <dd>{Math.round(Number(asText(entity['MaxSessionDuration']) || 3600) / 60)} minutes</dd>
              </>
            ) : null}
          </dl>
          <p>
            <KindTag kind={kind} />{' '}
            <a href={href('access', ['can-read'], { [kind]: name })} data-testid="can-read-link">
              What can this {names.noun.toLowerCase()} read?
            </a>
          </p>
          {trust !== undefined ? (
            <section aria-labelledby="trust-heading">
              <h2 id="trust-heading">Trust policy</h2>
              <p>Who may assume this role (sts:AssumeRole), as its AssumeRolePolicyDocument says.</p>
              <PolicyDocument document={trust} kind="trust" label="Trust policy" id="trust-policy" />
            </section>
          ) : null}
          {kind !== 'group' ? <Boundary arn={boundaryArnOf(entity)} /> : null}
          <AttachedPolicies kind={kind} name={principal.name} />
          <InlinePolicies kind={kind} name={principal.name} />
          {kind === 'user' ? <UserGroups user={principal.name} /> : null}
          {kind === 'group' ? <GroupUsers group={principal.name} /> : null}
          {kind !== 'group' ? <Tags kind={kind} name={principal.name} /> : null}
        </>
      ) : null}
    </section>
  );
}
