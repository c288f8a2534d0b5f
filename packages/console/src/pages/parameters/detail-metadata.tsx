// A parameter's metadata as DescribeParameters reports it (never a value): a two-column table, one
// row per property, the ones AWS leaves out shown as "—" so the table reads the same for every
// parameter.

import type { ComponentChildren } from 'preact';
import { DateTime } from '../../ui/date-time.js';
import type { ParameterMetadata } from './detail-api.js';

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{children}</td>
    </tr>
  );
}

const orDash = (text: string | undefined) => (text === undefined || text === '' ? '—' : text);

export function ParameterMetadataTable({ metadata }: { metadata: ParameterMetadata }) {
  const policies = metadata.Policies ?? [];
  return (
    <table class="properties" data-testid="parameter-metadata">
      <caption class="visually-hidden">Details of {metadata.Name}</caption>
      <tbody>
        <Row label="Type">{metadata.Type}</Row>
        <Row label="Version">{metadata.Version}</Row>
        <Row label="Data type">{orDash(metadata.DataType)}</Row>
        <Row label="Tier">{orDash(metadata.Tier)}</Row>
        {metadata.Type === 'SecureString' ? <Row label="KMS key">{orDash(metadata.KeyId)}</Row> : null}
        <Row label="Description">{orDash(metadata.Description)}</Row>
        <Row label="Allowed pattern">{metadata.AllowedPattern ? <code>{metadata.AllowedPattern}</code> : '—'}</Row>
        <Row label="Policies">
          {policies.length === 0 ? (
            '—'
          ) : (
            <ul class="plain-list">
              {policies.map((p) => (
                <li>
                  {p.PolicyType ?? 'Policy'} ({p.PolicyStatus ?? 'unknown status'}): <code>{p.PolicyText ?? ''}</code>
                </li>
              ))}
            </ul>
          )}
        </Row>
        <Row label="Last modified">
          <DateTime value={metadata.LastModifiedDate} />
        </Row>
        <Row label="Last modified by">{orDash(metadata.LastModifiedUser)}</Row>
        <Row label="ARN">{metadata.ARN ? <code class="break-anywhere">{metadata.ARN}</code> : '—'}</Row>
      </tbody>
    </table>
  );
}
