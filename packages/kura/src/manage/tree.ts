// `kura tree`: parameter names drawn as the hierarchy they form.
//   /app
//   ├── db
//   │   ├── host = db.internal
//   │   └── password = (SecureString: --decrypt to show)
//   └── mode = prod
// A `.`, `..` or empty level is drawn quoted ('..'): Parameter Store keeps it as part of the name, so
// it is a level like any other, not the parent; quotes cannot occur in a name, so they cannot be forged.

import { isDotLevel } from './dot-levels.js';
import { printable } from './output.js';
import { relativeName } from './flatten.js';

interface Node {
  children: Map<string, Node>;
  /** Set when a parameter has this name (a name can also hold other names below it). */
  value?: string | undefined;
  leaf: boolean;
}

export function renderTree(path: string, items: Array<{ name: string; value?: string | undefined }>, showValues: boolean): string {
  const root: Node = { children: new Map(), leaf: false };
  for (const item of items) {
    const relative = relativeName(path, item.name);
    if (relative === undefined) continue;
    let node = root;
    for (const segment of relative.split('/')) {
      let child = node.children.get(segment);
      if (!child) {
        child = { children: new Map(), leaf: false };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.leaf = true;
    node.value = item.value;
  }
  const lines = [printable(path)];
  const walk = (node: Node, indent: string) => {
    const names = [...node.children.keys()].sort();
    names.forEach((name, index) => {
      const child = node.children.get(name)!;
      const last = index === names.length - 1;
      const shown = child.leaf && showValues && child.value !== undefined ? ` = ${printable(child.value)}` : '';
      const label = isDotLevel(name) ? `'${name}'` : printable(name);
      lines.push(`${indent}${last ? '└── ' : '├── '}${label}${shown}`);
      walk(child, `${indent}${last ? '    ' : '│   '}`);
    });
  };
  walk(root, '');
  return `${lines.join('\n')}\n`;
}
