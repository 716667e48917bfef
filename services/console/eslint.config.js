import config from '@metrodesk/eslint-config';

export default config;
