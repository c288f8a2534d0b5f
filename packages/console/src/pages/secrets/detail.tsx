// A secret's page: its metadata (DescribeSecret), the value masked until revealed and a form for a
// new one, its versions and their staging labels, its rotation, and its tags. The route names the
// secret by name or ARN; every call after DescribeSecret uses the ARN it answers, so a secret
// deleted and created again under the same name is not mistaken for this one.

import { useApi } from '../../app/api.js';
import { href } from '../../app/router.js';
import { Breadcrumb } from '../../ui/breadcrumb.js';
import { useAsync } from '../../app/use-async.js';
import { DateTime } from '../../ui/date-time.js';
import { ErrorNotice, Loading } from '../../ui/error-notice.js';
import { Facts, type Fact } from '../../ui/facts.js';
import { TagEditor } from '../../ui/tag-editor.js';
import { SecretRotation } from './rotation.js';
import { describeSecret, listVersions, type SecretDescription, type SecretVersion } from './sm.js';
import { SecretValue } from './value.js';
import { SecretVersions } from './versions.js';

function KmsKey({ keyId }: { keyId: string | undefined }) {
  if (!keyId) return <span>aws/secretsmanager (the AWS managed key)</span>;
  // The key page reads any name of a key (id, ARN, alias).
  return <a href={href('keys', [keyId])}>{keyId}</a>;
}

function Details({ secret }: { secret: SecretDescription }) {
  const rows: Fact[] = [
    ['ARN', <code>{secret.ARN}</code>],
    ['Description', secret.Description || '—'],
    ['KMS key', <KmsKey keyId={secret.KmsKeyId} />],
    ['Created', <DateTime value={secret.CreatedDate} />],
    ['Last changed', <DateTime value={secret.LastChangedDate} />],
    ['Last accessed', <DateTime value={secret.LastAccessedDate} precision="day" />],
  ];
  if (secret.DeletedDate !== undefined) rows.push(['Deletion date', <DateTime value={secret.DeletedDate} />]);
  return (
    <Facts rows={rows} testId="secret-details" />
  );
}

export function SecretPage({ secretId }: { secretId: string }) {
  const api = useApi();
  const secret = useAsync(async (signal) => {
    const described = await describeSecret(api, secretId, signal);
    const versions = await listVersions(api, described.ARN, signal);
    return { described, versions };
  }, [api, secretId]);
  const name = secret.data?.described.Name ?? secretId;

  return (
    <section class="resource-page" aria-labelledby="secret-title">
      <Breadcrumb trail={[{ label: 'Secrets', href: href('secrets') }, { label: name }]} />
      <h1 id="secret-title">Secret {name}</h1>
      <ErrorNotice error={secret.error} action="describing the secret" />
      {secret.loading && !secret.data ? <Loading what="the secret" /> : null}
      {secret.data ? <Sections secret={secret.data.described} versions={secret.data.versions} reload={secret.reload} /> : null}
    </section>
  );
}

function Sections({ secret, versions, reload }: { secret: SecretDescription; versions: SecretVersion[]; reload: () => void }) {
  const api = useApi();
  return (
    <>
      {secret.DeletedDate !== undefined ? (
        <p class="notice notice-error" data-testid="secret-deletion-notice">
          This secret is scheduled for deletion on <DateTime value={secret.DeletedDate} />. Its value cannot be read or changed until it is restored.
        </p>
      ) : null}
      <Details secret={secret} />
      <SecretValue secret={secret} versions={versions} onChanged={reload} />
      <SecretVersions versions={versions} />
      <SecretRotation secret={secret} onChanged={reload} />
      <section aria-labelledby="secret-tags-title">
        <h2 id="secret-tags-title">Tags</h2>
        <TagEditor
          tags={secret.Tags ?? []}
          resource="this secret"
          onAdd={async (tag) => {
            await api.json('secretsmanager', 'TagResource', { SecretId: secret.ARN, Tags: [tag] });
            reload();
          }}
          onRemove={async (key) => {
            await api.json('secretsmanager', 'UntagResource', { SecretId: secret.ARN, TagKeys: [key] });
            reload();
          }}
        />
      </section>
    </>
  );
}
