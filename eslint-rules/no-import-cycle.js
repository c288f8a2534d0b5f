// ESLint rule kura/no-import-cycle: a module must not import (directly or through other modules)
// a module that imports it back. Every import counts: static, `export ... from`, import() with a
// literal path, and type-only imports (`import type`, `import('./x.js').T`). Type-only cycles cost nothing at run time, but two modules
// that need each other's types are one module split in two, which is what the rule is for.
//
// Why a local rule: eslint-plugin-import-x's no-cycle (which supports ESLint 10) skips type-only
// imports by design and has no option to count them, so it cannot see a cycle such as a domain
// module and the helper that takes its types; and it would bring eleven packages (a native resolver
// among them) for this one rule. Here TypeScript's own pre-processor, already a dependency, lists
// each other file's imports without a full parse.
//
// Relative specifiers only (packages are not ours); `./foo.js` names foo.ts when that exists, as
// under NodeNext resolution. The file being linted is read from ESLint's AST (its text may be
// unsaved); the others from disk, cached by modification time.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** file → { mtimeMs, imports: resolved paths } for the files the search walks through. */
const importsOnDisk = new Map();

/** The file a relative specifier names, or undefined for packages and non-existent files. */
function resolveSpecifier(fromFile, specifier) {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const target = path.resolve(path.dirname(fromFile), specifier);
  const candidates = target.endsWith('.js') ? [`${target.slice(0, -3)}.ts`, `${target.slice(0, -3)}.tsx`, target] : [target];
  for (const candidate of candidates) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not there: try the next spelling
    }
  }
  return undefined;
}

function importsOf(file) {
  let mtimeMs;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return [];
  }
  const cached = importsOnDisk.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.imports;
  // Only TypeScript and JavaScript sources import anything (a JSON file is a leaf).
  const imports = /\.[cm]?[jt]s$/.test(file)
    ? ts
        .preProcessFile(readFileSync(file, 'utf8'), true, true)
        .importedFiles.map((imported) => resolveSpecifier(file, imported.fileName))
        .filter((resolved) => resolved !== undefined)
    : [];
  importsOnDisk.set(file, { mtimeMs, imports });
  return imports;
}

/** The shortest chain of imports from `start` back to `home` (start first, home last), if any. */
function pathBack(start, home) {
  const cameFrom = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const next of importsOf(file)) {
      if (next === home) {
        const chain = [home];
        for (let at = file; at !== undefined; at = cameFrom.get(at)) chain.unshift(at);
        return chain;
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, file);
        queue.push(next);
      }
    }
  }
  return undefined;
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid import cycles between modules, type-only imports included' },
    schema: [],
    messages: { cycle: 'Import cycle: {{chain}}' },
  },
  create(context) {
    const home = context.physicalFilename;
    // Text from stdin has no place among the files, so nothing can import it back.
    if (!path.isAbsolute(home)) return {};
    const sources = [];
    const literal = (node) => (node?.type === 'Literal' && typeof node.value === 'string' ? node : undefined);
    const collect = (node) => {
      const source = literal(node.source);
      if (source) sources.push({ node, specifier: source.value });
    };
    return {
      ImportDeclaration: collect,
      ExportNamedDeclaration: collect,
      ExportAllDeclaration: collect,
      ImportExpression: collect,
      TSImportType: collect,
      'Program:exit'() {
        const seen = new Set();
        for (const { node, specifier } of sources) {
          const target = resolveSpecifier(home, specifier);
          if (target === undefined || target === home || seen.has(target)) continue;
          seen.add(target);
          const chain = pathBack(target, home);
          if (chain) {
            const shown = [home, ...chain].map((file) => path.relative(path.dirname(home), file));
            context.report({ node, messageId: 'cycle', data: { chain: shown.join(' → ') } });
          }
        }
      },
    };
  },
};
