// Where a page sits: links up the way, the page itself last (aria-current), the same on every page.

import type { ComponentChildren } from 'preact';

/** A step of the way: a link (`href`), or content that is one already (a principal's link). */
export interface Crumb {
  label: ComponentChildren;
  href?: string;
}

export function Breadcrumb({ trail }: { trail: Crumb[] }) {
  return (
    <nav aria-label="breadcrumb">
      <ul>
        {trail.map((crumb, i) => (
          <li aria-current={i === trail.length - 1 ? 'page' : undefined}>{crumb.href ? <a href={crumb.href}>{crumb.label}</a> : crumb.label}</li>
        ))}
      </ul>
    </nav>
  );
}
