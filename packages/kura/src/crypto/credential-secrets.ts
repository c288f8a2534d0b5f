// How credential secrets are bound when stored: the AAD a secret access key is wrapped with (so a
// wrapped secret cannot be moved to another key id), and the one-way form of a session token.

import { createHash } from 'node:crypto';

export const accessKeyAad = (accessKeyId: string) => `access-key:${accessKeyId}`;

/** SHA-256 hex of a session token: tokens are compared by this, and only this is stored. */
export const sessionTokenHash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
