// SecureString values go through the KMS domain exactly as SSM calls KMS on AWS
// (https://docs.aws.amazon.com/kms/latest/developerguide/services-parameter-store.html): Encrypt
// under the caller's key (default `alias/aws/ssm`) with the encryption context
// {"PARAMETER_ARN": <parameter ARN>}, so `aws kms decrypt` with that context opens a stored value.
// KMS failures come back as SSM errors carrying KMS's text and the relay suffix AWS shows.
// KMS authorizes the SSM caller itself (forward access): kms:Encrypt on PutParameter, kms:Decrypt on
// reads WithDecryption, under the key's policy, with kms:ViaService = ssm.<region>.amazonaws.com. So
// the AWS managed aws/ssm key needs no KMS permission through SSM (its policy allows the account via
// SSM), while a customer key with the default policy needs the caller's own IAM allow.

import type { ParameterVersion } from '../../store/parameters.js';
import { KmsFailure, scopeOf, type KmsCaller, type OperationContext } from '../context.js';
import { ssmErrors } from './errors.js';
import { parameterArn } from './names.js';

export const DEFAULT_SSM_KEY = 'alias/aws/ssm';

function encryptionContext(ctx: OperationContext, canonical: string): Record<string, string> {
  return { PARAMETER_ARN: parameterArn(ctx.region, ctx.accountId, canonical) };
}

/** The caller as KMS sees it when SSM calls on its behalf. */
function viaSsm(ctx: OperationContext): KmsCaller {
  return {
    access: ctx.access,
    principalArn: ctx.principal.arn,
    accountId: ctx.principal.accountId,
    viaService: `ssm.${ctx.region}.amazonaws.com`,
  };
}

/** How SSM's own KMS client reports a KMS failure inside an SSM error message. */
function relayed(ctx: OperationContext, failure: KmsFailure): string {
  const text = failure.message === '' ? '' : `${failure.message} `;
  return `${text}(Service: AWSKMS; Status Code: 400; Error Code: ${failure.code}; Request ID: ${ctx.requestId}; Proxy: null)`;
}

/** KMS failures are the caller's key problems (InvalidKeyId) or denials; anything else is a server fault. */
function translate(ctx: OperationContext, error: unknown): unknown {
  if (!(error instanceof KmsFailure)) return error;
  if (error.code === 'AccessDeniedException') return ssmErrors.accessDenied(relayed(ctx, error));
  if (error.code === 'KMSInternalException' || error.code === 'DependencyTimeoutException' || error.code === 'KeyUnavailableException') {
    return new Error(`KMS failed while serving SSM: ${error.code}`);
  }
  return ssmErrors.invalidKeyId(relayed(ctx, error));
}

export async function encryptValue(ctx: OperationContext, canonical: string, keyRef: string, plaintext: string): Promise<Buffer> {
  try {
    const { blob } = await ctx.kms.encrypt(scopeOf(ctx), keyRef, Buffer.from(plaintext, 'utf8'), encryptionContext(ctx, canonical), viaSsm(ctx));
    return blob;
  } catch (error) {
    throw translate(ctx, error);
  }
}

/**
 * The Value a read returns. String and StringList are stored as text. A SecureString is decrypted
 * only when asked; otherwise AWS returns the base64 of the ciphertext, never the plaintext.
 */
export async function revealValue(
  ctx: OperationContext,
  canonical: string,
  version: ParameterVersion,
  withDecryption: boolean,
): Promise<string> {
  if (version.type !== 'SecureString') return version.value.toString('utf8');
  if (!withDecryption) return version.value.toString('base64');
  try {
    const { plaintext } = await ctx.kms.decrypt(scopeOf(ctx), version.value, encryptionContext(ctx, canonical), viaSsm(ctx));
    return plaintext.toString('utf8');
  } catch (error) {
    throw translate(ctx, error);
  }
}
