// Shared flat config. Layer rules enforce the dependency direction from ARCHITECTURE.md:
// domain code stays pure, and infrastructure libraries live only in their own folders.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');

const infra = (names) => names.map((name) => ({ name, message: `${name} belongs in its own adapter folder, not here` }));
// The events package's full entry loads kafkajs and mongoose; its model entry has what a use case needs.
const eventsModelOnly = { name: '@metrodesk/events', message: "import '@metrodesk/events/model': the full entry brings the transport" };

module.exports = tseslint.config(
  // Scripts in plain JS are small glue; the rules target the TypeScript sources.
  { ignores: ['dist/**', 'coverage/**', 'generated/**', 'node_modules/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...infra(['express', 'mongoose', 'kafkajs', 'bullmq', 'ioredis']), eventsModelOnly] }],
    },
  },
  {
    files: ['src/use-cases/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [...infra(['mongoose', 'kafkajs', 'bullmq', 'ioredis']), eventsModelOnly] }],
    },
  },
  {
    files: ['src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: infra(['mongoose', 'kafkajs', 'bullmq', 'ioredis']) }],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
