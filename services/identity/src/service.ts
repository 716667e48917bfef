import type { Express } from 'express';
import { createLogger, type Logger } from '@metrodesk/logger';
import { ServiceRuntime, type RunningService } from '@metrodesk/runtime';
import type { Config } from './config';
import { createApp } from './app';
import type { IdentityDeps } from './use-cases/ports';
import { createUser } from './use-cases/users';
import { MongoAttemptCounter, MongoRefreshTokenStore, MongoUserRepository, USERS } from './persistence/user.repository';
import { BcryptHasher } from './persistence/bcrypt.hasher';

export interface IdentityService extends RunningService<Express> {
  deps: IdentityDeps;
}

export async function createIdentityService(config: Config, logger: Logger = createLogger({ service: 'identity', level: config.LOG_LEVEL })): Promise<IdentityService> {
  const runtime = await ServiceRuntime.connect('identity', config, { logger, outboxCollections: [USERS] });
  const users = new MongoUserRepository(runtime.mongo);
  const tokens = new MongoRefreshTokenStore(runtime.mongo);
  const attempts = new MongoAttemptCounter(runtime.mongo);
  await Promise.all([users.init(), tokens.init(), attempts.init()]);
  const deps: IdentityDeps = {
    users,
    tokens,
    hasher: new BcryptHasher(config.BCRYPT_ROUNDS),
    notify: runtime.notifyOutbox,
    jwtSecret: config.JWT_SECRET,
    accessTtlSeconds: config.ACCESS_TTL_SECONDS,
    refreshTtlSeconds: config.REFRESH_TTL_SECONDS,
    attempts,
    throttle: { perAccount: config.LOGIN_ATTEMPTS_PER_ACCOUNT, perClient: config.LOGIN_ATTEMPTS_PER_CLIENT, windowMinutes: config.LOGIN_WINDOW_MINUTES },
    audit: (event, data) => logger.warn({ audit: event, ...data }, event),
    provinceCode: config.PROVINCE_CODE,
  };
  if (config.BOOTSTRAP_ADMIN_USERNAME && config.BOOTSTRAP_ADMIN_PASSWORD && (await users.count()) === 0) {
    await createUser(deps, 'bootstrap', { username: config.BOOTSTRAP_ADMIN_USERNAME, password: config.BOOTSTRAP_ADMIN_PASSWORD, name: 'Administrator', role: 'admin' });
    logger.info({ username: config.BOOTSTRAP_ADMIN_USERNAME }, 'created the first admin');
  }
  const app = createApp({ ...deps, ...runtime.appWiring(), refreshCookie: { name: 'metrodesk_refresh', path: config.REFRESH_COOKIE_PATH, secure: config.REFRESH_COOKIE_SECURE, maxAgeSeconds: config.REFRESH_TTL_SECONDS } });
  return { ...runtime.serve(app), deps };
}
