/** Kept in step with packages/kura/package.json by a test. */
export const KURA_VERSION = '0.1.0';
