// The search and filter form above the tree. Submitting puts the filters in the route (names, types,
// tag keys and labels only: nothing secret), so the results can be linked to and the back button
// returns to the tree. Problems the console can see itself are shown beside their field.

import { useEffect, useRef, useState } from 'preact/hooks';
import { href, navigate } from '../../app/router.js';
import { checkFilters, filtersToParams, noFilters, TYPES, type ListFilters, type NameMatch } from './list-filters.js';
import { normalizeTreePath } from './tree-model.js';

export function ListForm({ initial, path }: { initial: ListFilters; path: string }) {
  const [f, setF] = useState<ListFilters>(initial);
  // The tree moved: search under where it is now (the first render keeps what the route said).
  const seen = useRef(path);
  useEffect(() => {
    if (seen.current === path) return;
    seen.current = path;
    setF((old) => ({ ...old, path }));
  }, [path]);
  const [problems, setProblems] = useState<Partial<Record<keyof ListFilters, string>>>({});
  const set = (patch: Partial<ListFilters>) => setF((old) => ({ ...old, ...patch }));

  const submit = (event: Event) => {
    event.preventDefault();
    const trimmed: ListFilters = { ...f, name: f.name.trim(), tagKey: f.tagKey.trim(), label: f.label.trim(), path: normalizeTreePath(f.path) };
    const found = checkFilters(trimmed);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    navigate(href('parameters', [], filtersToParams(trimmed)));
  };

  const clear = () => {
    const cleared = noFilters(normalizeTreePath(f.path));
    setF(cleared);
    setProblems({});
    navigate(href('parameters', [], filtersToParams(cleared)));
  };

  const invalid = (name: keyof ListFilters) => (problems[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `filter-${name}-problem` } : {});
  const problem = (name: keyof ListFilters) => (problems[name] ? <small id={`filter-${name}-problem`}>{problems[name]}</small> : null);

  return (
    // Not role="search": Pico draws that as one pill-shaped input group. A named form is a landmark too.
    <form class="param-filters" aria-label="Search parameters" onSubmit={submit} noValidate>
      <div class="param-filter-row">
        <label class="param-filter-wide">
          Name
          <input type="search" name="q" spellcheck={false} placeholder="part of a name" value={f.name} onInput={(e) => set({ name: e.currentTarget.value })} />
        </label>
        <label>
          Match
          <select name="match" value={f.match} onChange={(e) => set({ match: e.currentTarget.value as NameMatch })}>
            <option value="Contains">Contains</option>
            <option value="BeginsWith">Begins with</option>
          </select>
        </label>
        <label>
          Type
          <select name="type" value={f.type} onChange={(e) => set({ type: e.currentTarget.value })}>
            <option value="">Any type</option>
            {TYPES.map((t) => (
              <option value={t}>{t}</option>
            ))}
          </select>
        </label>
        <label class="param-filter-wide">
          Under path
          <input name="path" spellcheck={false} value={f.path} onInput={(e) => set({ path: e.currentTarget.value })} />
        </label>
      </div>
      <div class="param-filter-row">
        <label>
          Tag key
          <input name="tag" spellcheck={false} value={f.tagKey} onInput={(e) => set({ tagKey: e.currentTarget.value })} {...invalid('tagKey')} />
          {problem('tagKey')}
        </label>
        <label>
          Tag value (optional)
          <input name="tagValue" spellcheck={false} value={f.tagValue} onInput={(e) => set({ tagValue: e.currentTarget.value })} />
        </label>
        <label>
          Label
          <input name="label" spellcheck={false} value={f.label} onInput={(e) => set({ label: e.currentTarget.value })} {...invalid('label')} aria-describedby={problems.label ? 'filter-label-problem' : 'filter-label-hint'} />
          {problem('label') ?? <small id="filter-label-hint">Found with GetParametersByPath; values are never shown.</small>}
        </label>
        <div class="param-filter-actions">
          <button type="submit">Search</button>
          <button type="button" class="secondary outline" onClick={clear}>
            Clear
          </button>
        </div>
      </div>
    </form>
  );
}
