// Access: the account's users, roles and groups and their policies (#/access, #/access/<kind>/<name>,
// #/access/policy?arn=…), and the two questions people bring: who can read this parameter
// (#/access/who-can-read?parameter=…) and what can this principal read (#/access/can-read?role=…).

import type { Route } from '../../app/router.js';
import { CanRead } from './can-read.js';
import { EntityPage } from './entity.js';
import { KINDS, type PrincipalKind } from './iam.js';
import { AccessOverview } from './overview.js';
import { PolicyPage } from './policy.js';
import { WhoCanRead } from './who-can-read.js';

export function AccessArea({ route }: { route: Route }) {
  const [page, name] = route.rest;
  if (page === 'who-can-read') return <WhoCanRead parameter={route.params.get('parameter') ?? ''} />;
  if (page === 'can-read') return <CanRead route={route} />;
  if (page === 'policy') return <PolicyPage arn={route.params.get('arn') ?? ''} version={route.params.get('version') ?? undefined} />;
  if (KINDS.includes(page as PrincipalKind) && name) return <EntityPage key={`${page}/${name}`} kind={page as PrincipalKind} name={name} />;
  return <AccessOverview route={route} />;
}
