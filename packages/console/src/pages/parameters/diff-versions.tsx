// Two versions compared side by side. Comparing is revealing: a SecureString version's value is read
// with decryption (GetParameter name:version, kms:Decrypt, audited), a String's comes from the
// history. The values live only in this component: closing the comparison drops them.

import { useApi } from '../../app/api.js';
import { useAsync } from '../../app/use-async.js';
import { ErrorNotice, Loading } from '../../ui/error-notice.js';
import { TextDiff } from '../../ui/text-diff.js';
import { versionValue, type HistoryEntry } from './detail-api.js';

export interface DiffVersionsProps {
  name: string;
  /** The older version, shown on the left. */
  left: HistoryEntry;
  right: HistoryEntry;
}

export function DiffVersions({ name, left, right }: DiffVersionsProps) {
  const api = useApi();
  const values = useAsync(
    async (signal) => {
      const [a, b] = await Promise.all([versionValue(api, name, left, signal), versionValue(api, name, right, signal)]);
      return { left: a, right: b };
    },
    [name, left.Version, right.Version],
  );
  if (values.error) return <ErrorNotice error={values.error} action={`revealing versions ${left.Version} and ${right.Version} to compare them`} />;
  if (!values.data || values.loading) return <Loading what={`versions ${left.Version} and ${right.Version}`} />;
  return (
    <TextDiff
      caption={`Version ${left.Version} (left) compared with version ${right.Version} (right)`}
      left={{ title: `Version ${left.Version}`, text: values.data.left }}
      right={{ title: `Version ${right.Version}`, text: values.data.right }}
    />
  );
}
