// A resource's facts as a description list (term, value), the look every resource page shares.

import type { ComponentChildren } from 'preact';

export type Fact = [term: string, value: ComponentChildren];

export function Facts({ rows, testId }: { rows: Fact[]; testId?: string }) {
  return (
    <dl class="facts" data-testid={testId}>
      {rows.map(([term, value]) => (
        <div class="fact">
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
