// Where things are, for tests that run the built app, the Kura bin and the image's build inputs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const repoRoot = path.resolve(packageDir, '../..');
export const distDir = path.join(packageDir, 'dist');
export const kuraBin = path.join(repoRoot, 'packages/kura/bin/kura.js');
