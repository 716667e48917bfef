// Tests run the TypeScript sources through swc (no type-check: `pnpm typecheck` does that),
// so a test run stays fast on a 2-core machine.
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
  // Integration tests share one set of real servers, so files run one at a time within a package.
  maxWorkers: 1,
  reporters: ['default', require.resolve('./summary-reporter.js')],
};
