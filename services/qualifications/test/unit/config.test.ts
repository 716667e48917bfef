import { ConfigError } from '@metrodesk/config';
import { readConfig } from '../../src/config';

const base = { MONGO_URL: 'mongodb://127.0.0.1:27027/', KAFKA_BROKERS: '127.0.0.1:29092', REDIS_URL: 'redis://127.0.0.1:6390', IDENTITY_SECRET: 'x'.repeat(20) };

describe('config', () => {
  it('defaults the port, database and roles, with development ID keys outside production', () => {
    const c = readConfig(base);
    expect(c).toMatchObject({ PORT: 4106, MONGO_DB: 'metrodesk_qualifications', ID_NUMBER_ROLES: ['admin', 'province_manager'], EXPIRY_WINDOW_DAYS: 90, TIME_ZONE: 'Asia/Shanghai' });
    expect(Buffer.from(c.ID_ENCRYPTION_KEY, 'base64')).toHaveLength(32);
  });

  it('requires both ID keys in production and checks the encryption key length', () => {
    expect(() => readConfig({ ...base, NODE_ENV: 'production' })).toThrow(/ID_HASH_KEY: is required in production[\s\S]*ID_ENCRYPTION_KEY: is required/);
    expect(() => readConfig({ ...base, ID_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(ConfigError);
    expect(() => readConfig({ ...base, ID_NUMBER_ROLES: 'admin,janitor' })).toThrow(/ID_NUMBER_ROLES/);
  });
});
