// `kura seed export` writes ARNs with `${AWS::Partition}`, `${AWS::Region}` and `${AWS::AccountId}`
// in place of the partition, the file's region and the caller's account: the inverse of what
// `kura serve --seed` substitutes (seed/pseudo-parameters.ts, which manage/ does not import: it
// reaches Kura only through the AWS SDK), so that the file applies to a server of another account.
// Text that already reads as a placeholder is written escaped, one `!` more (`${!AWS::Region}`),
// which the seed reads back as the text itself: export, apply, export gives the same file.

export interface PseudoValues {
  AccountId: string;
  Region: string;
  Partition: string;
}

const PLACEHOLDER = /\$\{(!*)AWS::(AccountId|Region|Partition)\}/g;
/** The partition, region and account of an ARN (`arn:aws:ssm:us-east-1:000000000000:`); the region may be `*`. */
const ARN_HEAD = /\barn:([a-z-]+):([a-z0-9-]+):([a-z0-9*-]*):([0-9]{12}|aws)?:/g;

const isMapping = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);

/** Every string value inside `value` with placeholders in its ARNs (mapping keys are left as they are). */
export function insertPseudoParameters(value: unknown, values: PseudoValues): unknown {
  if (typeof value === 'string') return placeholders(value, values);
  if (Array.isArray(value)) return value.map((item) => insertPseudoParameters(item, values));
  if (isMapping(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, insertPseudoParameters(item, values)]));
  return value;
}

function placeholders(text: string, values: PseudoValues): string {
  const part = (actual: string, expected: string, name: keyof PseudoValues) => (actual === expected ? `\${AWS::${name}}` : actual);
  return text
    .replace(PLACEHOLDER, (_match, bangs: string, name: string) => `\${!${bangs}AWS::${name}}`)
    .replace(ARN_HEAD, (_match, partition: string, service: string, region: string, account: string | undefined) => {
      const where = region === '' ? '' : part(region, values.Region, 'Region');
      return `arn:${part(partition, values.Partition, 'Partition')}:${service}:${where}:${account === undefined ? '' : part(account, values.AccountId, 'AccountId')}:`;
    });
}
