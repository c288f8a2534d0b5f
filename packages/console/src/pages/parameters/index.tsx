// Parameters: the hierarchy as a tree (#/parameters?path=/a/b), and one parameter's page
// (#/parameters/view?name=/a/b/c).

import type { Route } from '../../app/router.js';
import { ParameterDetail } from './detail.js';
import { ParameterTree } from './tree.js';

export function ParametersArea({ route }: { route: Route }) {
  if (route.rest[0] === 'view') return <ParameterDetail name={route.params.get('name') ?? ''} route={route} />;
  return <ParameterTree route={route} />;
}
