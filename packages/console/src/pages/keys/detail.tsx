// A key's page: its metadata and state, then one section each for the state changes, rotation,
// aliases, the key policy and what uses the key. The route may name the key by id, ARN or alias
// (DescribeKey reads all three); every later call uses the key id DescribeKey answers, since
// GetKeyPolicy and others take no alias.

import { useApi } from '../../app/api.js';
import { href } from '../../app/router.js';
import { Breadcrumb } from '../../ui/breadcrumb.js';
import { useAsync } from '../../app/use-async.js';
import { DateTime } from '../../ui/date-time.js';
import { ErrorNotice, Loading } from '../../ui/error-notice.js';
import { Facts, type Fact } from '../../ui/facts.js';
import { KeyAliases } from './aliases.js';
import { describeKey, isAwsManaged, listAllAliases, type AliasEntry, type KeyMetadata } from './kms.js';
import { KeyLifecycle } from './lifecycle.js';
import { KeyState } from './list.js';
import { KeyPolicy } from './policy.js';
import { KeyRotation } from './rotation.js';
import { KeyUsage } from './usage.js';

function Details({ metadata, aliases }: { metadata: KeyMetadata; aliases: AliasEntry[] }) {
  const rows: Fact[] = [
    ['Key ID', <code>{metadata.KeyId}</code>],
    ['ARN', <code>{metadata.Arn}</code>],
    ['Aliases', aliases.length > 0 ? aliases.map((a) => a.AliasName).join(', ') : '—'],
    ['State', <KeyState state={metadata.KeyState} />],
    ['Description', metadata.Description || '—'],
    ['Key spec', metadata.KeySpec ?? '—'],
    ['Key usage', metadata.KeyUsage ?? '—'],
    ['Origin', metadata.Origin ?? '—'],
    ['Managed by', isAwsManaged(metadata) ? 'AWS' : 'Customer'],
    ['Created', <DateTime value={metadata.CreationDate} />],
  ];
  if (metadata.KeyState === 'PendingDeletion') rows.push(['Deletion date', <DateTime value={metadata.DeletionDate} />]);
  return (
    <Facts rows={rows} testId="key-details" />
  );
}

export function KeyPage({ keyRef }: { keyRef: string }) {
  const api = useApi();
  const key = useAsync(async (signal) => {
    const metadata = await describeKey(api, keyRef, signal);
    const aliases = await listAllAliases(api, metadata.KeyId, signal);
    return { metadata, aliases };
  }, [api, keyRef]);

  const title = key.data ? (key.data.aliases[0]?.AliasName ?? key.data.metadata.KeyId) : keyRef;
  return (
    <section class="resource-page" aria-labelledby="key-title">
      <Breadcrumb trail={[{ label: 'Keys', href: href('keys') }, { label: title }]} />
      <h1 id="key-title">Key {title}</h1>
      <ErrorNotice error={key.error} action="describing the key" />
      {key.loading && !key.data ? <Loading what="the key" /> : null}
      {key.data ? <KeySections metadata={key.data.metadata} aliases={key.data.aliases} reload={key.reload} /> : null}
    </section>
  );
}

function KeySections({ metadata, aliases, reload }: { metadata: KeyMetadata; aliases: AliasEntry[]; reload: () => void }) {
  const managed = isAwsManaged(metadata);
  return (
    <>
      <Details metadata={metadata} aliases={aliases} />
      {managed ? (
        <p class="notice notice-info">
          This is an AWS managed key: AWS creates it for a service and manages its state, rotation and policy. It can be viewed, not changed.
        </p>
      ) : (
        <KeyLifecycle metadata={metadata} onChanged={reload} />
      )}
      <KeyRotation metadata={metadata} />
      <KeyAliases metadata={metadata} aliases={aliases} onChanged={reload} />
      <KeyPolicy metadata={metadata} />
      <KeyUsage metadata={metadata} aliases={aliases} />
    </>
  );
}
