module.exports = require('@metrodesk/eslint-config');
