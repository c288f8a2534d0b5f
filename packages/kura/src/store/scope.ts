/** Regional services (SSM, KMS) keep their state per account and region, as AWS does. */
export interface Scope {
  accountId: string;
  region: string;
}
