// An access key's row, as both backends store and select it (sqlite/access-keys.ts,
// postgres/access-keys.ts), and its one mapping to the port's record.

import type { AccessKeyRecord } from './access-keys.js';

/** The columns of access_keys in the order both backends' statements name them. */
export const ACCESS_KEY_COLUMNS = 'access_key_id, account_id, principal_arn, principal_id, secret_ciphertext, status, create_date';

export interface AccessKeyRow {
  access_key_id: string;
  account_id: string;
  principal_arn: string;
  principal_id: string;
  secret_ciphertext: Buffer;
  status: string;
  create_date: number;
}

export function toAccessKey(row: AccessKeyRow): AccessKeyRecord {
  return {
    accessKeyId: row.access_key_id,
    accountId: row.account_id,
    principalArn: row.principal_arn,
    principalId: row.principal_id,
    secretCiphertext: row.secret_ciphertext,
    status: row.status as AccessKeyRecord['status'],
    createDate: new Date(row.create_date),
  };
}
