import { loadConfig, ConfigError, z, port, bool, csv, infraEnv, serviceEnv, outboxEnv, configShape, hmacSecret, parseMongoCompatLockUrl } from '../src';

describe('loadConfig', () => {
  const schema = z.object({ ...infraEnv, PORT: port(3000), FLAG: bool(false), LIST: csv.optional() });

  it('parses and coerces a good environment', () => {
    const cfg = loadConfig(schema, {
      MONGO_URL: 'mongodb://127.0.0.1:27017/x',
      KAFKA_BROKERS: 'a:1, b:2',
      PORT: '8080',
      FLAG: 'yes',
    });
    expect(cfg.PORT).toBe(8080);
    expect(cfg.FLAG).toBe(true);
    expect(cfg.KAFKA_BROKERS).toEqual(['a:1', 'b:2']);
    expect(cfg.NODE_ENV).toBe('development');
    expect(cfg.MONGO_COMPAT).toBe('none');
  });

  it('takes MONGO_COMPAT=ferretdb-v1 and refuses an unknown mode by name', () => {
    const base = { MONGO_URL: 'mongodb://127.0.0.1:27017/x', KAFKA_BROKERS: 'a:1' };
    expect(loadConfig(schema, { ...base, MONGO_COMPAT: 'ferretdb-v1' }).MONGO_COMPAT).toBe('ferretdb-v1');
    expect(() => loadConfig(schema, { ...base, MONGO_COMPAT: 'ferret' })).toThrow('MONGO_COMPAT: must be one of none, ferretdb-v1 (got "ferret")');
  });

  it('takes MONGO_COMPAT_LOCK_URL as a Redis URL, absent or empty as none, and names it when it is not one', () => {
    expect(parseMongoCompatLockUrl('redis://127.0.0.1:6390')).toBe('redis://127.0.0.1:6390');
    expect(parseMongoCompatLockUrl(undefined)).toBeUndefined();
    expect(parseMongoCompatLockUrl('')).toBeUndefined();
    expect(() => parseMongoCompatLockUrl('127.0.0.1:6390')).toThrow('MONGO_COMPAT_LOCK_URL: must be a redis:// or rediss:// URL (got "127.0.0.1:6390")');
  });

  it('lists every missing or bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig(schema, { MONGO_URL: 'http://nope', PORT: 'x' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/^MONGO_URL: .*mongodb.*\(got "http:\/\/nope"\)/m);
    expect(problems).toMatch(/^KAFKA_BROKERS: /m);
    expect(problems).toMatch(/^PORT: .*\(got "x"\)/m);
    expect((error as ConfigError).problems).toHaveLength(3);
  });
});

describe('configShape', () => {
  it('finds the variables through refinements and transforms', () => {
    const schema = z
      .object({ A: z.string(), B: z.coerce.number().default(1) })
      .superRefine(() => undefined)
      .transform((c) => ({ ...c, C: 1 }));
    expect(Object.keys(configShape(schema))).toEqual(['A', 'B']);
    expect(Object.keys(configShape(z.object({ X: z.string() })))).toEqual(['X']);
  });
});

describe('hmacSecret', () => {
  it('wants at least 32 bytes', () => {
    expect(hmacSecret.safeParse('s'.repeat(31)).success).toBe(false);
    expect(hmacSecret.safeParse('s'.repeat(32)).success).toBe(true);
    // Bytes, not characters: 11 three-byte characters are 33 bytes.
    expect(hmacSecret.safeParse('密'.repeat(11)).success).toBe(true);
  });
});

describe('HOST', () => {
  const schema = z.object(infraEnv);
  const base = { MONGO_URL: 'mongodb://127.0.0.1:27017/', KAFKA_BROKERS: '127.0.0.1:9092' };
  it('listens on loopback unless a deployment names an interface', () => {
    expect(loadConfig(schema, base).HOST).toBe('127.0.0.1');
    expect(loadConfig(schema, { ...base, HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    expect(() => loadConfig(schema, { ...base, HOST: '' })).toThrow(/HOST/);
  });
});

describe('serviceEnv', () => {
  const schema = z.object({ ...infraEnv, ...serviceEnv('things', 4190), ...outboxEnv });
  const base = { MONGO_URL: 'mongodb://127.0.0.1:27017/', KAFKA_BROKERS: '127.0.0.1:9092', IDENTITY_SECRET: 's'.repeat(32) };

  it("defaults the service's port, its own database and the outbox poll", () => {
    const cfg = loadConfig(schema, base);
    expect(cfg.PORT).toBe(4190);
    expect(cfg.MONGO_DB).toBe('metrodesk_things');
    expect(cfg.OUTBOX_INTERVAL_MS).toBe(500);
    expect(loadConfig(schema, { ...base, PORT: '0', MONGO_DB: 'other' })).toMatchObject({ PORT: 0, MONGO_DB: 'other' });
  });

  it('requires the identity secret at its full length', () => {
    const { IDENTITY_SECRET: _omitted, ...without } = base;
    expect(() => loadConfig(schema, without)).toThrow(/IDENTITY_SECRET/);
    expect(() => loadConfig(schema, { ...base, IDENTITY_SECRET: 'short' })).toThrow(/IDENTITY_SECRET: must be at least 32 bytes/);
  });
});
