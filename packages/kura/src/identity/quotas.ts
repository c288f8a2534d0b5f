// IAM quotas that both the identity layer and the IAM operations apply (AWS's defaults).

/** Managed policies attached to one user, group or role. */
export const MAX_ATTACHED_POLICIES = 10;
