// One linter for the repo. Besides the recommended rules it enforces the direction of dependencies
// between folders (ARCHITECTURE.md): the pure layers import nothing of ours, services never touch
// HTTP, only server/ opens sockets, and cli/ reaches servers only through the AWS SDK.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const kura = 'packages/kura/src';
const ours = (...folders) => folders.map((f) => `**/${f}/**`);
const restrict = (files, groups, message) => ({
  files: [`${kura}/${files}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }],
  },
});
const sockets = ['node:http', 'node:https', 'node:net', 'http', 'https', 'net'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'bench/.work/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', fetch: 'readonly' } },
  },
  restrict('wire', ours('sigv4', 'policy', 'crypto', 'store', 'services', 'gateway', 'server', 'cli', 'inject', 'runner'), 'wire/ imports nothing of ours'),
  restrict('sigv4', ours('wire', 'policy', 'crypto', 'store', 'services', 'gateway', 'server', 'cli', 'inject', 'runner'), 'sigv4/ imports nothing of ours'),
  restrict('policy', ours('wire', 'sigv4', 'crypto', 'store', 'services', 'gateway', 'server', 'cli', 'inject', 'runner'), 'policy/ imports nothing of ours'),
  restrict('crypto', ours('wire', 'sigv4', 'policy', 'store', 'services', 'gateway', 'server', 'cli', 'inject', 'runner'), 'crypto/ imports nothing of ours'),
  restrict('store', [...ours('wire', 'sigv4', 'policy', 'services', 'gateway', 'server', 'cli', 'inject', 'runner'), ...sockets], 'store/ knows only its own ports and backends'),
  restrict('services', [...ours('sigv4', 'gateway', 'server', 'cli', 'inject', 'runner'), ...sockets], 'services/ never see HTTP: they import store, policy, crypto and wire errors only'),
  restrict('gateway', [...ours('server', 'cli', 'inject', 'runner'), ...sockets], 'gateway/ composes services; sockets belong to server/'),
  restrict('server', ours('cli', 'inject', 'runner'), 'server/ is started by cli/, not the other way round'),
  restrict('cli', [...ours('gateway', 'services', 'store', 'sigv4', 'policy', 'crypto', 'wire'), ...sockets], 'cli/ talks to Kura over the wire through the AWS SDK (server/ only for `kura serve`)'),
  restrict('inject', [...ours('gateway', 'services', 'store', 'server', 'sigv4', 'policy', 'crypto', 'wire'), ...sockets], 'inject/ reaches stores only through the AWS SDK'),
  // runner/ is the one other place that opens a socket: the loopback credentials endpoint ECS's agent would serve.
  restrict('runner', ours('gateway', 'services', 'store', 'server', 'sigv4', 'policy', 'crypto', 'wire', 'cli'), 'runner/ reaches Kura only over the wire (AWS SDK, signed requests); node:http only for the loopback agent endpoint'),
  restrict('manage', [...ours('gateway', 'services', 'store', 'server', 'sigv4', 'policy', 'crypto', 'wire'), ...sockets], 'manage/ reaches Parameter Store, KMS and STS only through the AWS SDK'),
);
