// An in-memory Secrets Manager behind SecretsApi, with AWS's stage moves (PutSecretValue moves
// AWSPENDING to the new version; moving AWSCURRENT labels the old current AWSPREVIOUS), for testing
// the rotation steps without a server. Calls are recorded in order.

import { randomBytes } from 'node:crypto';
import { SecretVersionNotFound, type SecretsApi } from '../mysql-rotation.js';

interface Version {
  value: string;
  stages: Set<string>;
}

export class MemorySecrets implements SecretsApi {
  readonly calls: string[] = [];
  readonly secrets = new Map<string, { rotationEnabled: boolean; versions: Map<string, Version> }>();

  create(secretId: string, value: object, versionId = 'v-initial'): void {
    this.secrets.set(secretId, { rotationEnabled: true, versions: new Map([[versionId, { value: JSON.stringify(value), stages: new Set(['AWSCURRENT']) }]]) });
  }

  /** What RotateSecret does before it invokes createSecret: a new token that has AWSPENDING. */
  startRotation(secretId: string, token: string): void {
    const secret = this.secret(secretId);
    // AWS labels the token AWSPENDING only once createSecret has put a value; the templates then find
    // the token in VersionIdsToStages as the version RotateSecret announced. Here: a version without value.
    for (const version of secret.versions.values()) version.stages.delete('AWSPENDING');
    secret.versions.set(token, { value: '', stages: new Set(['AWSPENDING']) });
  }

  valueOf(secretId: string, stage: string): Record<string, unknown> {
    const version = [...this.secret(secretId).versions.values()].find((v) => v.stages.has(stage));
    if (!version) throw new Error(`no ${stage}`);
    return JSON.parse(version.value) as Record<string, unknown>;
  }

  stagesOf(secretId: string): Record<string, string[]> {
    return Object.fromEntries([...this.secret(secretId).versions].map(([id, v]) => [id, [...v.stages].sort()]));
  }

  private secret(secretId: string) {
    const secret = this.secrets.get(secretId);
    if (!secret) throw new SecretVersionNotFound("Secrets Manager can't find the specified secret.");
    return secret;
  }

  async describe(secretId: string) {
    this.calls.push(`DescribeSecret ${secretId}`);
    const secret = this.secret(secretId);
    return { rotationEnabled: secret.rotationEnabled, versionIdsToStages: this.stagesOf(secretId) };
  }

  async getValue(secretId: string, stage: string, versionId?: string) {
    this.calls.push(`GetSecretValue ${secretId} ${stage}${versionId ? ` ${versionId}` : ''}`);
    const versions = this.secret(secretId).versions;
    const version = versionId === undefined ? [...versions.values()].find((v) => v.stages.has(stage)) : versions.get(versionId);
    if (!version || !version.stages.has(stage) || version.value === '') {
      throw new SecretVersionNotFound(`Secrets Manager can't find the specified secret value for staging label: ${stage}`);
    }
    return version.value;
  }

  async putPending(secretId: string, token: string, secretString: string) {
    this.calls.push(`PutSecretValue ${secretId} ${token} AWSPENDING`);
    const versions = this.secret(secretId).versions;
    for (const version of versions.values()) version.stages.delete('AWSPENDING');
    versions.set(token, { value: secretString, stages: new Set(['AWSPENDING']) });
  }

  async randomPassword(excludeCharacters: string) {
    this.calls.push(`GetRandomPassword ${JSON.stringify(excludeCharacters)}`);
    return `Rp1-${randomBytes(12).toString('base64url')}`.replace(new RegExp(`[${excludeCharacters.replace(/[\\\]^-]/g, '\\$&')}]`, 'g'), 'x');
  }

  async makeCurrent(secretId: string, token: string, from: string | undefined) {
    this.calls.push(`UpdateSecretVersionStage ${secretId} AWSCURRENT ${token} from ${from}`);
    const versions = this.secret(secretId).versions;
    for (const version of versions.values()) version.stages.delete('AWSPREVIOUS');
    if (from !== undefined) {
      const old = versions.get(from);
      old?.stages.delete('AWSCURRENT');
      old?.stages.add('AWSPREVIOUS');
    }
    versions.get(token)?.stages.add('AWSCURRENT');
    versions.get(token)?.stages.delete('AWSPENDING');
  }
}
