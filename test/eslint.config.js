const base = require('@metrodesk/eslint-config');

// fault/ is a workspace package of its own (@metrodesk/fault) with its own lint.
module.exports = [{ ignores: ['fault/**'] }, ...base, { files: ['e2e/**/*.ts', 'access/**/*.ts', 'seed/**/*.ts'], rules: { 'no-console': 'off' } }];
