const base = require('@metrodesk/eslint-config');

module.exports = [...base, { files: ['e2e/**/*.ts', 'access/**/*.ts'], rules: { 'no-console': 'off' } }];
