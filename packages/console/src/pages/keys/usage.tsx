// What uses a key: the SecureString parameters encrypted under it (DescribeParameters, filter
// KeyId Equals) and the secrets whose KmsKeyId names it (ListSecrets, matched here: Secrets
// Manager has no such filter). Both services keep the key as the caller named it, so the match
// covers every name of the key: id, ARN, aliases and alias ARNs. Each side shows its own refusal:
// a person may see the key without being allowed to list parameters or secrets.

import { useApi, type Api } from '../../app/api.js';
import { href } from '../../app/router.js';
import { useAsync } from '../../app/use-async.js';
import { ErrorNotice, Loading } from '../../ui/error-notice.js';
import { keyReferences, type AliasEntry, type KeyMetadata } from './kms.js';

interface ParameterMetadata {
  Name: string;
  KeyId?: string;
  Type?: string;
}

interface SecretEntry {
  Name: string;
  ARN: string;
  KmsKeyId?: string;
}

/** The parameters whose KeyId is one of `names` (at most 50 values per filter: AWS's bound). */
export async function parametersUsing(api: Api, names: string[], signal?: AbortSignal): Promise<ParameterMetadata[]> {
  const found = new Map<string, ParameterMetadata>();
  for (let i = 0; i < names.length; i += 50) {
    let token: string | undefined;
    do {
      const input = { MaxResults: 50, ParameterFilters: [{ Key: 'KeyId', Option: 'Equals', Values: names.slice(i, i + 50) }], ...(token ? { NextToken: token } : {}) };
      const page = await api.json<{ Parameters?: ParameterMetadata[]; NextToken?: string }>('ssm', 'DescribeParameters', input, signal);
      for (const p of page.Parameters ?? []) found.set(p.Name, p);
      token = page.NextToken;
    } while (token);
  }
  return [...found.values()].sort((a, b) => a.Name.localeCompare(b.Name));
}

/** The secrets whose KmsKeyId is one of `names`; a secret without one uses aws/secretsmanager. */
export async function secretsUsing(api: Api, names: string[], signal?: AbortSignal): Promise<SecretEntry[]> {
  const wanted = new Set(names);
  const isDefaultKey = names.includes('alias/aws/secretsmanager');
  const found: SecretEntry[] = [];
  let token: string | undefined;
  do {
    const page = await api.json<{ SecretList?: SecretEntry[]; NextToken?: string }>('secretsmanager', 'ListSecrets', { MaxResults: 100, IncludePlannedDeletion: true, ...(token ? { NextToken: token } : {}) }, signal);
    for (const s of page.SecretList ?? []) if (s.KmsKeyId ? wanted.has(s.KmsKeyId) : isDefaultKey) found.push(s);
    token = page.NextToken;
  } while (token);
  return found.sort((a, b) => a.Name.localeCompare(b.Name));
}

export function KeyUsage({ metadata, aliases }: { metadata: KeyMetadata; aliases: AliasEntry[] }) {
  const api = useApi();
  const names = keyReferences(metadata, aliases);
  const deps = [api, names.join(' ')];
  const parameters = useAsync((signal) => parametersUsing(api, names, signal), deps);
  const secrets = useAsync((signal) => secretsUsing(api, names, signal), deps);

  return (
    <section aria-labelledby="key-usage-title">
      <h2 id="key-usage-title">Used by</h2>
      <p>
        <small>Parameters and secrets that name this key by its id, ARN or one of its aliases.</small>
      </p>
      <h3>Parameters</h3>
      <ErrorNotice error={parameters.error} action="listing the parameters that use this key" />
      {parameters.loading && !parameters.data ? <Loading what="parameters" /> : null}
      {parameters.data && parameters.data.length === 0 ? <p>No SecureString parameter is encrypted under this key.</p> : null}
      {parameters.data && parameters.data.length > 0 ? (
        <ul data-testid="key-parameters">
          {parameters.data.map((p) => (
            <li>
              <a href={href('parameters', ['view'], { name: p.Name })}>{p.Name}</a> <small>(KeyId {p.KeyId})</small>
            </li>
          ))}
        </ul>
      ) : null}
      <h3>Secrets</h3>
      <ErrorNotice error={secrets.error} action="listing the secrets that use this key" />
      {secrets.loading && !secrets.data ? <Loading what="secrets" /> : null}
      {secrets.data && secrets.data.length === 0 ? <p>No secret is encrypted under this key.</p> : null}
      {secrets.data && secrets.data.length > 0 ? (
        <ul data-testid="key-secrets">
          {secrets.data.map((s) => (
            <li>
              <a href={href('secrets', [s.Name])}>{s.Name}</a> <small>(KmsKeyId {s.KmsKeyId ?? 'aws/secretsmanager'})</small>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
