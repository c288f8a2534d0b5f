// Small pieces the Access pages share: links to a principal or a policy, a decision shown with a
// symbol and AWS's word (never colour alone), and the error notice that explains IAM's refusal of
// GetSessionToken credentials.

import { useApi } from '../../app/api.js';
import { href } from '../../app/router.js';
import { AwsError } from '../../aws/errors.js';
import { ErrorNotice } from '../../ui/error-notice.js';
import { IAM_NAMES, type PrincipalKind } from './iam.js';
import type { EvalDecision } from './simulation.js';

export const principalHref = (kind: PrincipalKind, name: string) => href('access', [kind, name]);
export const policyHref = (arn: string, version?: string) => href('access', ['policy'], { arn, version });

export function PrincipalLink({ kind, name }: { kind: PrincipalKind; name: string }) {
  return <a href={principalHref(kind, name)}>{name}</a>;
}

export function KindTag({ kind }: { kind: PrincipalKind }) {
  return <span class={`kind-tag kind-${kind}`}>{IAM_NAMES[kind].noun.toLowerCase()}</span>;
}

const DECISION_LOOK: Record<EvalDecision, { symbol: string; className: string }> = {
  allowed: { symbol: '✓', className: 'decision-allowed' },
  implicitDeny: { symbol: '–', className: 'decision-implicit' },
  explicitDeny: { symbol: '✗', className: 'decision-explicit' },
};

/** A decision as SimulatePrincipalPolicy words it, with a symbol (the colour only repeats it). */
export function Decision({ decision }: { decision: EvalDecision }) {
  const look = DECISION_LOOK[decision];
  return (
    <span class={`decision ${look.className}`} data-decision={decision}>
      <span aria-hidden="true">{look.symbol}</span> {decision}
    </span>
  );
}

/** A yes/no verdict with its words: "can read" / "cannot read". */
export function Verdict({ yes, yesText, noText }: { yes: boolean; yesText: string; noText: string }) {
  return (
    <strong class={`verdict ${yes ? 'verdict-yes' : 'verdict-no'}`} data-verdict={yes ? 'yes' : 'no'}>
      <span aria-hidden="true">{yes ? '✓' : '✗'}</span> {yes ? yesText : noText}
    </strong>
  );
}

/**
 * An IAM call's error, verbatim. IAM answers InvalidClientTokenId to credentials from GetSessionToken
 * (AWS does the same without MFA): when the console signed in that way, say so and how to fix it.
 */
export function IamErrorNotice({ error, action }: { error: unknown; action?: string }) {
  const api = useApi();
  const sessionToken = error instanceof AwsError && error.code === 'InvalidClientTokenId' && api.session.roleArn === undefined;
  return (
    <>
      <ErrorNotice error={error} {...(action ? { action } : {})} />
      {sessionToken ? (
        <p class="notice notice-info" data-testid="iam-session-token-help">
          You signed in without a role, so the console holds credentials from STS GetSessionToken, and IAM refuses those
          (as AWS does without MFA). To use Access, sign out and sign in again with a role to assume, such as
          {' '}<code>arn:aws:iam::{api.session.account}:role/&lt;name&gt;</code>, whose policies allow IAM&apos;s read actions.
        </p>
      ) : null}
    </>
  );
}
