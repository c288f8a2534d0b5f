// The Node bootstrap: runs a handler written for Lambda's Node runtime unchanged. The handler is
// named as Lambda names it, `path/module.export` (the module up to the first dot of the last path
// segment, tried as .js, .mjs and .cjs under the task root; the rest the export, nested with
// dots), and called as Lambda calls it: `handler(event, context)` awaited, or with a callback as
// third argument when it declares one.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LambdaContext } from './lambda-event.js';

export class HandlerError extends Error {
  override readonly name = 'Runtime.HandlerNotFound';
}

type Handler = (event: unknown, context: LambdaContext, callback?: (error?: unknown, result?: unknown) => void) => unknown;

/** The module file and export path a Lambda handler string names, under `root`. */
export function resolveHandler(handler: string, root: string): { file: string; exportPath: string[] } {
  const slash = handler.lastIndexOf('/');
  const dir = handler.slice(0, slash + 1);
  const [moduleName, ...exportPath] = handler.slice(slash + 1).split('.');
  if (!moduleName || exportPath.length === 0 || exportPath.some((part) => part === '')) {
    throw new HandlerError(`bad handler '${handler}': expected MODULE.EXPORT, for example index.handler`);
  }
  for (const ext of ['.js', '.mjs', '.cjs']) {
    const file = path.resolve(root, `${dir}${moduleName}${ext}`);
    if (existsSync(file)) return { file, exportPath };
  }
  throw new HandlerError(`cannot find the module ${dir}${moduleName} (.js, .mjs or .cjs) under ${root}`);
}

export async function loadHandler(handler: string, root: string): Promise<Handler> {
  const { file, exportPath } = resolveHandler(handler, root);
  const loaded = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  // A CommonJS module's exports arrive as the namespace's default as well as its named members.
  let target: unknown = exportPath[0] !== undefined && exportPath[0] in loaded ? loaded : loaded.default;
  for (const part of exportPath) target = (target as Record<string, unknown> | undefined)?.[part];
  if (typeof target !== 'function') throw new HandlerError(`${path.basename(file)} has no function export ${exportPath.join('.')}`);
  return target as Handler;
}

/** Calls the handler the way Lambda does and settles with its result or its error. */
export function invokeHandler(fn: Handler, event: unknown, context: LambdaContext): Promise<unknown> {
  if (fn.length >= 3) {
    return new Promise((resolve, reject) => {
      let settled = false;
      const callback = (error?: unknown, result?: unknown) => {
        if (settled) return;
        settled = true;
        if (error !== undefined && error !== null) reject(error);
        else resolve(result);
      };
      try {
        const returned = fn(event, context, callback);
        // A handler may declare the callback and still return a promise: the first to settle wins.
        if (returned instanceof Promise) returned.then((r) => callback(null, r), (e: unknown) => callback(e ?? new Error('handler rejected')));
      } catch (error) {
        callback(error);
      }
    });
  }
  return Promise.resolve().then(() => fn(event, context));
}

/** Lambda's report of a failed invocation, as the last line of stderr (the runner shows it). */
export function errorLine(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return `Error: ${typeof error === 'string' ? error : JSON.stringify(error)}`;
}
