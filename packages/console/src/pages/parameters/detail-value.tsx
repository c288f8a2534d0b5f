// The current value, as AWS's console shows it: a String or StringList plainly (GetParameter), a
// SecureString masked until "Reveal" (GetParameter WithDecryption: kms:Decrypt on its key, and an
// audited read). A refused read shows AWS's error where the value would be.

import { useApi } from '../../app/api.js';
import { useAsync } from '../../app/use-async.js';
import { ErrorNotice, Loading } from '../../ui/error-notice.js';
import { MaskedValue } from '../../ui/masked-value.js';
import { isSecure, readValue, type ParameterMetadata } from './detail-api.js';

function PlainValue({ name, version }: { name: string; version: number }) {
  const api = useApi();
  const read = useAsync((signal) => readValue(api, name, { decrypt: false }, signal), [name, version]);
  if (read.error) return <ErrorNotice error={read.error} action="reading the value" />;
  if (!read.data) return <Loading what="the value" />;
  return (
    <pre class="value-text" data-testid="current-value">
      {read.data.value}
    </pre>
  );
}

export function CurrentValue({ name, metadata }: { name: string; metadata: ParameterMetadata }) {
  const api = useApi();
  if (!isSecure(metadata.Type)) return <PlainValue name={name} version={metadata.Version} />;
  return (
    <>
      {/* Keyed by version: a new version masks the value again. */}
      <MaskedValue key={metadata.Version} what="the value" reveal={async (signal) => (await readValue(api, name, { decrypt: true }, signal)).value} />
      <p>
        <small>
          A SecureString. Revealing it decrypts it with {metadata.KeyId ? <code>{metadata.KeyId}</code> : 'its KMS key'} (it needs <code>ssm:GetParameter</code> and{' '}
          <code>kms:Decrypt</code>), and the read is recorded in Activity like any other.
        </small>
      </p>
    </>
  );
}
