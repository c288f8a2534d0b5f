// The Keys area: `#/keys` lists the account's KMS keys, `#/keys/<key id, ARN or alias>` is a key's page.

import type { Route } from '../../app/router.js';
import { KeyPage } from './detail.js';
import { KeyList } from './list.js';

export function KeysArea({ route }: { route: Route }) {
  // An ARN or alias holds '/': href() encodes it in one segment, but a hand-typed one may not be.
  const keyRef = route.rest.join('/');
  return keyRef ? <KeyPage key={keyRef} keyRef={keyRef} /> : <KeyList />;
}
