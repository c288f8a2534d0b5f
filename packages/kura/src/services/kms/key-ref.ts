// The forms in which a caller may name a KMS key: key id, key ARN, alias name, alias ARN.

export type KeyRef =
  | { kind: 'key'; keyId: string; region?: string; accountId?: string }
  | { kind: 'alias'; aliasName: string; region?: string; accountId?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Multi-Region key ids are well-formed key ids even though Kura creates none: naming one is
// "does not exist", not "invalid" (AWS answers so).
const MULTI_REGION = /^mrk-[0-9a-f]{32}$/;
const ARN = /^arn:aws:kms:([a-z0-9-]+):(\d{12}):(key|alias)\/(.+)$/;

const isKeyId = (text: string) => UUID.test(text) || MULTI_REGION.test(text);

/** Undefined when the text is none of the accepted forms. */
export function parseKeyRef(text: string): KeyRef | undefined {
  const arn = ARN.exec(text);
  if (arn) {
    const [, region, accountId, kind, rest] = arn as unknown as [string, string, string, string, string];
    if (kind === 'key') return isKeyId(rest) ? { kind: 'key', keyId: rest, region, accountId } : undefined;
    return { kind: 'alias', aliasName: `alias/${rest}`, region, accountId };
  }
  if (text.startsWith('alias/') && text.length > 'alias/'.length) return { kind: 'alias', aliasName: text };
  if (isKeyId(text)) return { kind: 'key', keyId: text };
  return undefined;
}

/** Whether the text names an alias (by name or ARN) rather than a key. */
export function namesAlias(text: string): boolean {
  return text.startsWith('alias/') || /^arn:aws:kms:[^:]*:[^:]*:alias\//.test(text);
}

export function keyArn(region: string, accountId: string, keyId: string): string {
  return `arn:aws:kms:${region}:${accountId}:key/${keyId}`;
}

export function aliasArn(region: string, accountId: string, aliasName: string): string {
  return `arn:aws:kms:${region}:${accountId}:${aliasName}`;
}
