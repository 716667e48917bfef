import { ConfigError } from '@metrodesk/config';
import { readConfig } from '../../src/config';

const keys = { ID_HASH_KEY: 'k'.repeat(32), ID_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64') };
const base = { MONGO_URL: 'mongodb://127.0.0.1:27027/', KAFKA_BROKERS: '127.0.0.1:29092', REDIS_URL: 'redis://127.0.0.1:6390', IDENTITY_SECRET: 'x'.repeat(32), ...keys };

describe('config', () => {
  it('defaults the port, database and roles', () => {
    const c = readConfig(base);
    expect(c).toMatchObject({ PORT: 4106, MONGO_DB: 'metrodesk_qualifications', ID_NUMBER_ROLES: ['admin', 'province_manager'], EXPIRY_WINDOW_DAYS: 90, TIME_ZONE: 'Asia/Shanghai' });
    expect(Buffer.from(c.ID_ENCRYPTION_KEY, 'base64')).toHaveLength(32);
  });

  it('refuses to start without both ID keys, in every environment, and checks the encryption key length', () => {
    for (const NODE_ENV of ['development', 'test', 'production']) {
      expect(() => readConfig({ ...base, ID_HASH_KEY: undefined, ID_ENCRYPTION_KEY: undefined, NODE_ENV })).toThrow(/ID_HASH_KEY[\s\S]*ID_ENCRYPTION_KEY/);
    }
    expect(() => readConfig({ ...base, ID_ENCRYPTION_KEY: Buffer.alloc(16).toString('base64') })).toThrow(ConfigError);
    expect(() => readConfig({ ...base, ID_NUMBER_ROLES: 'admin,janitor' })).toThrow(/ID_NUMBER_ROLES/);
  });
});
