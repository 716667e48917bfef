const base = require('@metrodesk/eslint-config');

// Printing figures is what this package is for.
module.exports = [...base, { files: ['src/**/*.ts'], rules: { 'no-console': 'off' } }];
