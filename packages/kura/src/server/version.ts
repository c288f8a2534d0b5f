// The package's version, for `kura --version` and GET /_kura/health. Built, it is written in by
// scripts/build.mjs (KURA_BUILD_VERSION, from package.json) so the bundle needs no file beside it;
// run from source (tests, tsx), it is read from the package.json two folders up.

import { readFileSync } from 'node:fs';

declare const KURA_BUILD_VERSION: string | undefined;

function sourceVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

export const KURA_VERSION: string = typeof KURA_BUILD_VERSION === 'string' ? KURA_BUILD_VERSION : sourceVersion();
