// How a task that cannot read its secrets fails: ECS's ResourceInitializationError wording, for
// Parameter Store (secrets.ts) and Secrets Manager (asm-secrets.ts) sources alike.

export const SECRETS_FAILURE = 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ';

export class SecretsError extends Error {
  override readonly name = 'SecretsError';
}
