const base = require('@metrodesk/eslint-config');

// fault/ and security/ are workspace packages of their own, each with its own lint.
module.exports = [{ ignores: ['fault/**', 'security/**'] }, ...base, { files: ['e2e/**/*.ts', 'access/**/*.ts', 'seed/**/*.ts'], rules: { 'no-console': 'off' } }];
