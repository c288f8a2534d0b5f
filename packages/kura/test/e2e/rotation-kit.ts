// What the rotation e2e tests share: the role a rotation function runs as, a word quoted for
// `--rotation-function NAME=COMMAND` (split like sh, without a shell), and waiting for a rotation
// that runs after RotateSecret has answered.

import { DescribeSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Trusts Lambda, as a rotation function's execution role must. */
export const ROTATION_TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

/** The permissions AWS's user guide gives a rotation function's role (and the master secret's read). */
export const ROTATION_ROLE_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage', 'secretsmanager:GetRandomPassword'],
      Resource: '*',
    },
  ],
});

/** One word of a registered command, in single quotes when it needs them. */
export function quoteWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** How many failures of the rotation of `versionId` the server has logged. */
function failures(log: string, versionId: string): number {
  return log.split('\n').filter((line) => line.includes('"rotation failed') && line.includes(versionId)).length;
}

/**
 * Waits until the rotation of `versionId` started now has ended: 'rotated' once the version is
 * AWSCURRENT and LastRotatedDate has moved, 'failed' once the server logged a failure of it (one more
 * than it had when the wait began). Fails with the server's log when it takes longer than `ms`.
 */
export async function untilRotated(sm: SecretsManagerClient, arn: string, versionId: string, serverLog: () => string, expect: 'rotated' | 'failed' = 'rotated', ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  const before = failures(serverLog(), versionId);
  // LastRotatedDate is recorded once finishSecret has returned: a date from before this wait is an earlier rotation's.
  const since = Date.now() - 1000;
  for (;;) {
    const failed = failures(serverLog(), versionId) > before;
    if (expect === 'failed' && failed) return;
    if (expect === 'rotated') {
      if (failed) throw new Error(`the rotation of ${versionId} failed:\n${serverLog().slice(-4000)}`);
      const described = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
      if (described.VersionIdsToStages?.[versionId]?.includes('AWSCURRENT') && (described.LastRotatedDate?.getTime() ?? 0) >= since) return;
    }
    if (Date.now() > deadline) throw new Error(`the rotation of ${versionId} did not end in ${ms} ms:\n${serverLog().slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
