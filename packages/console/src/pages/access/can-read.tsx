// #/access/can-read?role=<name> (or user=, group=): the parameter tree as this principal's policies
// see it, level by level, each branch and parameter marked readable or not by
// SimulatePrincipalPolicy. The principal's ARN comes from GetRole/GetUser/GetGroup (a path may be
// part of it).

import { useMemo } from 'preact/hooks';
import { useApi } from '../../app/api.js';
import { href, type Route } from '../../app/router.js';
import { useAsync } from '../../app/use-async.js';
import { asObject } from '../../aws/xml.js';
import { Breadcrumb } from '../../ui/breadcrumb.js';
import { Loading } from '../../ui/error-notice.js';
import { keyResolver, ReadableLevel } from './can-read-level.js';
import { IAM_NAMES, KINDS, principalOf, type PrincipalKind } from './iam.js';
import { IamErrorNotice, KindTag, PrincipalLink } from './parts.js';

export function principalFromRoute(route: Route): { kind: PrincipalKind; name: string } | undefined {
  for (const kind of KINDS) {
    const name = route.params.get(kind);
    if (name) return { kind, name };
  }
  return undefined;
}

export function CanRead({ route }: { route: Route }) {
  const api = useApi();
  const asked = principalFromRoute(route);
  const keys = useMemo(() => keyResolver(api), [api]);
  const state = useAsync(async (signal) => {
    if (!asked) return undefined;
    const names = IAM_NAMES[asked.kind];
    return principalOf(asked.kind, asObject((await api.query('iam', names.get, { [names.nameKey]: asked.name }, signal))[names.noun]));
  }, [asked?.kind, asked?.name]);

  return (
    <section class="access-page">
      <Breadcrumb
        trail={[{ label: 'Access', href: href('access') }, ...(asked ? [{ label: <PrincipalLink kind={asked.kind} name={asked.name} /> }] : []), { label: 'What can it read' }]}
      />
      <h1>What can {asked ? `${IAM_NAMES[asked.kind].noun.toLowerCase()} ${asked.name}` : 'a principal'} read?</h1>
      {!asked ? (
        <p>
          Open a <a href={href('access', [], { tab: 'roles' })}>role</a>, <a href={href('access', [], { tab: 'users' })}>user</a> or{' '}
          <a href={href('access', [], { tab: 'groups' })}>group</a> and follow its “What can it read?” link.
        </p>
      ) : (
        <>
          <p>
            The parameter tree as the policies of <KindTag kind={asked.kind} /> <strong>{asked.name}</strong> see it, decided by SimulatePrincipalPolicy: a
            branch is readable when ssm:GetParametersByPath (recursive) is allowed on it or on a path above; a parameter when ssm:GetParameter or
            ssm:GetParameters is allowed on it, or a path above is readable and no explicit Deny of ssm:GetParametersByPath on the parameter keeps it
            out of that listing (Kura&apos;s default strict path mode; its tags are not read here), and, for a SecureString, kms:Decrypt on its key through SSM.
            {asked.kind === 'group' ? ' A group’s users have these permissions on top of their own.' : ''}
          </p>
          <p class="notice notice-info" data-testid="simulation-limit">
            Kura&apos;s SimulatePrincipalPolicy evaluates identity-based policies and permissions boundaries only: resource policies, KMS key policies
            included, are not part of the simulation, so they can still refuse what is marked readable here.
          </p>
          <IamErrorNotice error={state.error} action={`reading the ${IAM_NAMES[asked.kind].noun.toLowerCase()} ${asked.name}`} />
          {state.loading && !state.data ? <Loading what={asked.name} /> : null}
          {state.data ? (
            <section aria-labelledby="tree-heading">
              <h2 id="tree-heading">Parameters</h2>
              <ReadableLevel key={state.data.arn} path="/" principalArn={state.data.arn} readablePath={undefined} root keys={keys} />
            </section>
          ) : null}
        </>
      )}
    </section>
  );
}
