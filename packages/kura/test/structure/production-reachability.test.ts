// Every production module of src/ (not a *.test.ts file, not under a testing/ folder) is imported,
// directly or not, by an entry point that scripts/build.mjs bundles. A module that only tests
// import is test support under a production name: it belongs in a testing/ folder, where the lint
// rules keep it out of production code, or it is dead and goes.
//
// Imports are read with TypeScript's pre-processor (comments and strings are not imports): static
// imports and `export ... from`, type-only ones included (the types production code uses are
// production code), and import() of a literal path. A `./foo.js` specifier names foo.ts.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const kura = path.resolve(fileURLToPath(import.meta.url), '../../..');

/** What `specifier`, imported by `from`, names: a .ts file for a .js specifier when there is one. */
function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  const target = path.resolve(path.dirname(from), specifier);
  if (target.endsWith('.js') && existsSync(`${target.slice(0, -3)}.ts`)) return `${target.slice(0, -3)}.ts`;
  return target;
}

function importsOf(file: string): string[] {
  if (!file.endsWith('.ts') || !existsSync(file)) return [];
  return ts
    .preProcessFile(readFileSync(file, 'utf8'), true, true)
    .importedFiles.map((imported) => resolveImport(file, imported.fileName))
    .filter((target): target is string => target !== undefined);
}

function reachableFrom(entries: string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...entries];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    pending.push(...importsOf(file));
  }
  return seen;
}

function productionFiles(src: string): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name !== 'testing') walk(full);
      } else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) files.push(full);
    }
  };
  walk(src);
  return files;
}

/** Production files of `src` that no entry point reaches, relative to `src`. */
function unreachable(src: string, entries: string[]): string[] {
  const reached = reachableFrom(entries.map((entry) => path.join(src, entry)));
  return productionFiles(src)
    .filter((file) => !reached.has(file))
    .map((file) => path.relative(src, file))
    .sort();
}

/** The src/ files that scripts/build.mjs names in its code (string and template literals; not in comments). */
function buildEntryPoints(): string[] {
  const script = path.join(kura, 'scripts/build.mjs');
  const source = ts.createSourceFile(script, readFileSync(script, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      for (const match of node.text.matchAll(/\bsrc\/([\w/.-]+\.ts)\b/g)) found.add(match[1] as string);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return [...found].sort();
}

describe('production reachability', () => {
  it('takes the entry points from scripts/build.mjs', () => {
    assert.deepEqual(buildEntryPoints(), ['cli/exec.ts', 'cli/main.ts', 'inject/secrets-sdk.ts', 'inject/ssm-sdk.ts', 'inject/write-code-cache.ts']);
  });

  it('reaches every production file of src/ from an entry point', () => {
    assert.deepEqual(unreachable(path.join(kura, 'src'), buildEntryPoints()), []);
  });

  it('follows static, re-exported, type-only and literal lazy imports, and nothing in comments or strings', () => {
    const src = mkdtempSync(path.join(tmpdir(), 'kura-reach-'));
    try {
      const files: Record<string, string> = {
        'cli/main.ts': [
          "import { a } from '../a/static.js';",
          "export * from '../a/reexported.js';",
          "import type { T } from '../a/types.js';",
          "// import { c } from '../a/only-in-a-comment.js';",
          "const text = \"import('../a/only-in-a-string.js')\";",
          "export const load = () => import('../a/lazy.js');",
          'export const all: [unknown, T | undefined, string] = [a, undefined, text];',
        ].join('\n'),
        'a/static.ts': "export { b } from './deeper.js';\nexport const a = 1;\n",
        'a/deeper.ts': 'export const b = 1;\n',
        'a/reexported.ts': 'export const r = 1;\n',
        'a/types.ts': 'export type T = number;\n',
        'a/lazy.ts': 'export const l = 1;\n',
        'a/only-in-a-comment.ts': 'export const c = 1;\n',
        'a/only-in-a-string.ts': 'export const s = 1;\n',
        'a/only-tested.ts': 'export const t = 1;\n',
        'a/only-tested.test.ts': "import { t } from './only-tested.js';\nvoid t;\n",
        'a/testing/kit.ts': 'export const kit = 1;\n',
      };
      for (const [file, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(src, file)), { recursive: true });
        writeFileSync(path.join(src, file), text);
      }
      assert.deepEqual(unreachable(src, ['cli/main.ts']), ['a/only-in-a-comment.ts', 'a/only-in-a-string.ts', 'a/only-tested.ts']);
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  });
});
