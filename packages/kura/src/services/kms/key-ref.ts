// The forms in which a caller may name a KMS key (spec §4.2): key id, key ARN, alias name, alias ARN.

export type KeyRef =
  | { kind: 'key'; keyId: string; region?: string; accountId?: string }
  | { kind: 'alias'; aliasName: string; region?: string; accountId?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ARN = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/;

/** Undefined when the text is none of the accepted forms. */
export function parseKeyRef(text: string): KeyRef | undefined {
  const arn = ARN.exec(text);
  if (arn) {
    const [, region, accountId, kind, rest] = arn as unknown as [string, string, string, string, string];
    if (kind === 'key') return UUID.test(rest) ? { kind: 'key', keyId: rest, region, accountId } : undefined;
    return { kind: 'alias', aliasName: `alias/${rest}`, region, accountId };
  }
  if (text.startsWith('alias/') && text.length > 'alias/'.length) return { kind: 'alias', aliasName: text };
  if (UUID.test(text)) return { kind: 'key', keyId: text };
  return undefined;
}

export function keyArn(region: string, accountId: string, keyId: string): string {
  return `arn:aws:kms:${region}:${accountId}:key/${keyId}`;
}

export function aliasArn(region: string, accountId: string, aliasName: string): string {
  return `arn:aws:kms:${region}:${accountId}:${aliasName}`;
}
