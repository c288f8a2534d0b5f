// The Secrets area: `#/secrets` lists the secrets (with a filter in the query), `#/secrets/<name or ARN>`
// is a secret's page.

import type { Route } from '../../app/router.js';
import { SecretPage } from './detail.js';
import { SecretList } from './list.js';

export function SecretsArea({ route }: { route: Route }) {
  // A name holds '/': href() encodes it in one segment, but a hand-typed one may not be.
  const secretId = route.rest.join('/');
  return secretId ? <SecretPage key={secretId} secretId={secretId} /> : <SecretList route={route} />;
}
