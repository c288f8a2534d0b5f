// The key policy (its only name is "default"): shown formatted, edited with the policy editor's
// checks, saved with PutKeyPolicy. The server's refusal (MalformedPolicyDocumentException and its
// reason) is shown verbatim under the editor; after a save the policy is read back, so what is
// shown is what KMS keeps.

import { useApi } from '../../app/api.js';
import { useAsync } from '../../app/use-async.js';
import { ErrorNotice, Loading } from '../../ui/error-notice.js';
import { PolicyDocument } from '../../ui/policy-document.js';
import { isAwsManaged, type KeyMetadata } from './kms.js';

export function KeyPolicy({ metadata }: { metadata: KeyMetadata }) {
  const api = useApi();
  const keyId = metadata.KeyId;
  const policy = useAsync((signal) => api.json<{ Policy?: string }>('kms', 'GetKeyPolicy', { KeyId: keyId, PolicyName: 'default' }, signal), [api, keyId]);
  const managed = isAwsManaged(metadata);

  const save = async (text: string) => {
    await api.json('kms', 'PutKeyPolicy', { KeyId: keyId, PolicyName: 'default', Policy: text });
    policy.reload();
  };

  return (
    <section aria-labelledby="key-policy-title">
      <h2 id="key-policy-title">Key policy</h2>
      <ErrorNotice error={policy.error} action="reading the key policy" />
      {policy.loading && !policy.data ? <Loading what="the key policy" /> : null}
      {policy.data ? (
        <PolicyDocument
          id="key-policy"
          label="Key policy"
          kind="resource"
          document={policy.data.Policy ?? ''}
          {...(managed ? { readOnlyReason: 'AWS manages the policy of an AWS managed key.' } : { onSave: save })}
        />
      ) : null}
    </section>
  );
}
