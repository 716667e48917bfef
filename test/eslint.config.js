const base = require('@metrodesk/eslint-config');

module.exports = [...base, { files: ['e2e/**/*.ts'], rules: { 'no-console': 'off' } }];
