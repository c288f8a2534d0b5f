// Access keys that SigV4 verification looks up. The secret is kept encrypted by the keyring: SigV4
// needs it in plaintext at verification time, so it cannot be hashed like a password.

export interface AccessKeyRecord {
  accessKeyId: string;
  accountId: string;
  /** The IAM principal the key belongs to, e.g. arn:aws:iam::123456789012:user/admin. */
  principalArn: string;
  /** The principal's unique id (AIDA… for users). */
  principalId: string;
  /** The secret access key wrapped by the keyring (AAD binds the access key id). */
  secretCiphertext: Buffer;
  status: 'Active' | 'Inactive';
  createDate: Date;
}

export interface AccessKeyRepository {
  find(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  /** Inserts or replaces the key with this id. */
  save(record: AccessKeyRecord): Promise<void>;
  listForPrincipal(principalArn: string): Promise<AccessKeyRecord[]>;
  delete(accessKeyId: string): Promise<boolean>;
  /** Every access key (master-key rotation re-wraps their secrets). */
  all(): Promise<AccessKeyRecord[]>;
}
