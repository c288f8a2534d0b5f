// The console's areas, in the navigation's order. Each area's page gets the route and reads the
// rest of it (sub-pages, query) itself.

import type { ComponentType } from 'preact';
import type { Route } from './router.js';
import { ParametersArea } from '../pages/parameters/index.js';
import { KeysArea } from '../pages/keys/index.js';
import { AccessArea } from '../pages/access/index.js';
import { ActivityArea } from '../pages/activity/index.js';
import { SecretsArea } from '../pages/secrets/index.js';

export type AreaPage = ComponentType<{ route: Route }>;

export const AREAS: Array<{ area: string; label: string; page: AreaPage }> = [
  { area: 'parameters', label: 'Parameters', page: ParametersArea },
  { area: 'secrets', label: 'Secrets', page: SecretsArea },
  { area: 'keys', label: 'Keys', page: KeysArea },
  { area: 'access', label: 'Access', page: AccessArea },
  { area: 'activity', label: 'Activity', page: ActivityArea },
];

export function pageFor(area: string): AreaPage {
  return AREAS.find((a) => a.area === area)?.page ?? NotFound;
}

function NotFound({ route }: { route: Route }) {
  return (
    <section>
      <h1>Not found</h1>
      <p>The console has no page “{route.area}”.</p>
    </section>
  );
}
