// Secrets Manager pieces the tests share: the JSON secret of a test database (the shape RDS creates
// and the rotation functions keep) and README's least-privilege policy for reading one secret.

import type { TestDatabase } from './mariadb.js';

/** `{"engine","host","port","username","password","dbname"}` for a test database, `masterarn` added when given. */
export function databaseSecret(db: TestDatabase, masterArn?: string): string {
  const value = { engine: 'mysql', host: db.config.host, port: db.config.port, username: db.user, password: db.password, dbname: db.name };
  return JSON.stringify(masterArn ? { ...value, masterarn: masterArn } : value);
}

/**
 * README's policy for a role that reads one secret: GetSecretValue on it (a name's ARN ends in six
 * characters Secrets Manager adds), and, with a customer key, Decrypt only through Secrets Manager
 * for that secret. With the AWS managed key aws/secretsmanager no KMS statement is needed.
 */
export function readSecretPolicy(secretName: string, region: string, account: string, keyArn?: string) {
  const secretArn = `arn:aws:secretsmanager:${region}:${account}:secret:${secretName}-??????`;
  const read = { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretArn };
  const decrypt = {
    Effect: 'Allow',
    Action: 'kms:Decrypt',
    Resource: keyArn,
    Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` }, StringLike: { 'kms:EncryptionContext:SecretARN': secretArn } },
  };
  return { Version: '2012-10-17', Statement: keyArn ? [read, decrypt] : [read] };
}
