// Parameters: the hierarchy as a tree loaded level by level (#/parameters?path=/a/b opens it down to
// that path), or, with a search or a filter in the route (q, type, tag, label), a flat list of the
// parameters that match under that path. Metadata only: values are on each parameter's own page.

import { useState } from 'preact/hooks';
import type { Route } from '../../app/router.js';
import { useApi } from '../../app/api.js';
import { filtersFromParams, isFiltering } from './list-filters.js';
import { ListForm } from './list-form.js';
import { ParameterList } from './list-view.js';
import { ROOT } from './tree-model.js';
import { useParameterTree } from './tree-state.js';
import { TreeView } from './tree-view.js';

export function ParameterTree({ route }: { route: Route }) {
  const filters = filtersFromParams(route.params);
  const filtering = isFiltering(filters);
  // Where the tree was last opened: the form searches under it unless told otherwise.
  const [treePath, setTreePath] = useState(filters.path);
  return (
    <section class="param-page">
      <h1>Parameters</h1>
      {/* Keyed by the route's query, so the form shows what the route says after back/forward or Clear. */}
      <ListForm key={route.params.toString()} initial={filters} path={treePath} />
      {filtering ? <ParameterList key={JSON.stringify(filters)} filters={filters} /> : <Hierarchy target={filters.path} onPath={setTreePath} />}
    </section>
  );
}

function Hierarchy({ target, onPath }: { target: string; onPath: (path: string) => void }) {
  const api = useApi();
  const controls = useParameterTree(api, target);
  return (
    <section aria-labelledby="hierarchy-heading">
      <h2 id="hierarchy-heading">Hierarchy</h2>
      <p class="tree-help" id="tree-help">
        {target === ROOT ? 'Open a path to list what is below it.' : `Opened at ${target}.`} Arrow keys move and open, Enter opens a parameter.
      </p>
      <TreeView controls={controls} target={target} onPath={onPath} />
    </section>
  );
}
