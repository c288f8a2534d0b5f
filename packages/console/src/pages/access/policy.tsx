// #/access/policy?arn=…[&version=v2]: a managed policy (GetPolicy), its versions
// (ListPolicyVersions, newest first) and one version's document (GetPolicyVersion; the default
// unless the route names another).

import { useApi } from '../../app/api.js';
import { href } from '../../app/router.js';
import { Breadcrumb } from '../../ui/breadcrumb.js';
import { useAsync } from '../../app/use-async.js';
import { asObject, asText } from '../../aws/xml.js';
import { DateTime } from '../../ui/date-time.js';
import { Loading } from '../../ui/error-notice.js';
import { PolicyDocument } from '../../ui/policy-document.js';
import { decodePolicyDocument, isAwsManaged, listAll, policyNameOfArn } from './iam.js';
import { IamErrorNotice, policyHref } from './parts.js';

export function PolicyPage({ arn, version }: { arn: string; version: string | undefined }) {
  const api = useApi();
  const name = policyNameOfArn(arn);
  const policy = useAsync(async (signal) => (!arn ? {} : asObject((await api.query('iam', 'GetPolicy', { PolicyArn: arn }, signal))['Policy'])), [arn]);
  const versions = useAsync(async (signal) => (!arn ? [] : await listAll(api, 'ListPolicyVersions', 'Versions', { PolicyArn: arn }, signal)).map((v) => asObject(v)), [arn]);
  const shown = version ?? (policy.data ? asText(policy.data['DefaultVersionId']) : undefined);
  const document = useAsync(
    async (signal) => {
      if (!shown) return undefined;
      const result = await api.query('iam', 'GetPolicyVersion', { PolicyArn: arn, VersionId: shown }, signal);
      return decodePolicyDocument(asText(asObject(result['PolicyVersion'])['Document']));
    },
    [arn, shown],
  );

  if (!arn) {
    return (
      <section class="access-page">
        <h1>Policy</h1>
        <p>
          No policy named. Open one from a <a href={href('access')}>user, role or group</a>.
        </p>
      </section>
    );
  }
  const p = policy.data;
  return (
    <section class="access-page">
      <Breadcrumb trail={[{ label: 'Access', href: href('access') }, { label: `Policy ${name}` }]} />
      <h1>Policy {name}</h1>
      <IamErrorNotice error={policy.error} action={`reading the policy ${name}`} />
      {policy.loading && !p ? <Loading what="the policy" /> : null}
      {p ? (
        <dl class="entity-summary">
          <dt>ARN</dt>
          <dd>
            <code class="arn">{asText(p['Arn']) || arn}</code>
          </dd>
          <dt>Kind</dt>
          <dd>{isAwsManaged(arn) ? 'AWS managed' : 'Customer managed'}</dd>
          {asText(p['Description']) ? (
            <>
              <dt>Description</dt>
              <dd>{asText(p['Description'])}</dd>
            </>
          ) : null}
          <dt>Attachments</dt>
          <dd>
            {asText(p['AttachmentCount']) || '0'} (as a permissions boundary: {asText(p['PermissionsBoundaryUsageCount']) || '0'})
          </dd>
          <dt>Updated</dt>
          <dd>
            <DateTime value={asText(p['UpdateDate']) || asText(p['CreateDate'])} />
          </dd>
        </dl>
      ) : null}
      <section aria-labelledby="document-heading">
        <h2 id="document-heading">Document{shown ? `, version ${shown}` : ''}</h2>
        <IamErrorNotice error={document.error} action="reading the policy version" />
        {document.loading && !document.data ? <Loading what="the document" /> : null}
        {document.data !== undefined ? <PolicyDocument document={document.data} kind="identity" label={`Policy ${name} ${shown ?? ''}`.trim()} id="policy-version" /> : null}
      </section>
      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">Versions</h2>
        <IamErrorNotice error={versions.error} action="listing the versions" />
        {versions.loading && !versions.data ? <Loading what="versions" /> : null}
        {versions.data ? (
          <table class="striped" aria-labelledby="versions-heading">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Default</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {versions.data.map((v) => {
                const id = asText(v['VersionId']);
                return (
                  <tr key={id}>
                    <th scope="row">
                      <a href={policyHref(arn, id)} aria-current={id === shown ? 'true' : undefined}>
                        {id}
                      </a>
                    </th>
                    <td>{asText(v['IsDefaultVersion']) === 'true' ? 'default' : ''}</td>
                    <td>
                      <DateTime value={asText(v['CreateDate'])} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
      </section>
    </section>
  );
}
