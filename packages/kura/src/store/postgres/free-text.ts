// Free text that AWS lets a client fill with U+0000, which PostgreSQL's text cannot hold (SQLite's
// TEXT can): the models put no pattern on an SSM parameter's Description and AllowedPattern, a KMS
// key's Description, KMS tag keys and values, or an IAM managed policy's Description. Stored as
// text, each made the request fail with an internal error where SQLite stored it. These columns are
// bytea holding the text's UTF-8 bytes instead: writes encode, reads decode (../rows.ts). Byte
// order of bytea is the byte order of the UTF-8 text, which is what the "C" collation gave, so
// the KMS tag listing, the tag key's uniqueness and the transfer export order stay as they were.
//
// Every other client-supplied text column is safe: its member's model pattern leaves U+0000 out
// (names, paths, IAM tags and role descriptions, policy documents, labels are checked by SSM
// itself), or it is parsed as JSON first, which refuses a raw U+0000 and writes it back escaped.

import type { RecordKind } from '../transfer.js';

/** Schema version 3: the text columns above, as their UTF-8 bytes (NULL stays NULL). */
export const FREE_TEXT_AS_BYTES = `
ALTER TABLE parameter_versions
  ALTER COLUMN description TYPE bytea USING convert_to(description, 'UTF8'),
  ALTER COLUMN allowed_pattern TYPE bytea USING convert_to(allowed_pattern, 'UTF8');
ALTER TABLE kms_keys ALTER COLUMN description TYPE bytea USING convert_to(description, 'UTF8');
ALTER TABLE kms_key_tags
  ALTER COLUMN tag_key TYPE bytea USING convert_to(tag_key, 'UTF8'),
  ALTER COLUMN tag_value TYPE bytea USING convert_to(tag_value, 'UTF8');
ALTER TABLE iam_policies ALTER COLUMN description TYPE bytea USING convert_to(description, 'UTF8');
`;

/** A free-text value as its bytea column takes it. */
export function utf8(value: string): Buffer {
  return Buffer.from(value, 'utf8');
}

export function optionalUtf8(value: string | null): Buffer | null {
  return value === null ? null : utf8(value);
}

/** The transfer records' fields that are such columns here (strings in the records, bytea in the tables). */
export const BYTEA_TEXT_FIELDS: Readonly<Partial<Record<RecordKind, readonly string[]>>> = {
  parameterVersion: ['description', 'allowedPattern'],
  kmsKey: ['description'],
  kmsKeyTag: ['tagKey', 'tagValue'],
  iamPolicy: ['description'],
  // Secrets Manager's (schema-secrets.ts): bytea from the start, for the same reason.
  secret: ['description', 'kmsKeyId', 'rotationLambdaArn'],
  secretVersion: ['versionId'],
  secretVersionStage: ['stage', 'versionId'],
};
