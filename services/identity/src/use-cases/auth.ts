import { createHash, randomBytes } from 'node:crypto';
import { signAccessToken } from '@metrodesk/access';
import { DomainError, UnauthorizedError } from '@metrodesk/errors';
import { uuidv7 } from '@metrodesk/events/model';
import { throttleKeys, type User } from '../domain/user';
import type { IdentityDeps } from './ports';

export interface TokenPair {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
  user: User;
}

export class TooManyAttemptsError extends DomainError {
  constructor(readonly retryAfter: number) {
    super('too_many_attempts', 429, `Too many sign-in attempts from here; try again in ${retryAfter} s.`, { retryAfter });
  }
}

const BAD_LOGIN = 'The username or password is wrong.';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** Refresh tokens are opaque `<id>.<secret>`; only the secret's hash is stored. */
async function issue(deps: IdentityDeps, user: User, family: string): Promise<TokenPair> {
  const now = deps.now?.() ?? new Date();
  const id = uuidv7(now.getTime());
  const secret = randomBytes(32).toString('base64url');
  await deps.tokens.insert({ id, userId: user.id, family, hash: sha256(secret), expiresAt: new Date(now.getTime() + deps.refreshTtlSeconds * 1000), usedAt: null, revokedAt: null });
  const accessToken = signAccessToken(
    {
      sub: user.id,
      role: user.role,
      name: user.name,
      ...(user.enterpriseId ? { enterpriseId: user.enterpriseId } : {}),
      ...(user.cityCode ? { cityCode: user.cityCode } : {}),
      provinceCode: deps.provinceCode,
      jti: id,
      sid: family,
      tv: user.tokenVersion,
    },
    deps.jwtSecret,
    deps.accessTtlSeconds,
    now.getTime(),
  );
  return { accessToken, tokenType: 'Bearer', expiresIn: deps.accessTtlSeconds, refreshToken: `${id}.${secret}`, refreshExpiresIn: deps.refreshTtlSeconds, user };
}

/**
 * Every attempt is counted before the password is checked, with one atomic increment per
 * counter, so parallel attempts cannot all slip in under the limit. The counters are keyed by
 * the name asked for, whether or not it exists, so an unknown user is answered exactly like a
 * real one; and by client, so a stranger exhausts only their own attempts, never the owner's.
 */
export async function login(deps: IdentityDeps, username: string, password: string, client: string): Promise<TokenPair> {
  const now = deps.now?.() ?? new Date();
  const name = username.trim().toLowerCase();
  const keys = throttleKeys(name, client);
  const windowMs = deps.throttle.windowMinutes * 60_000;
  const [account, fromClient] = await Promise.all([deps.attempts.hit(keys.account, now, windowMs), deps.attempts.hit(keys.client, now, windowMs)]);
  const over = [account.count > deps.throttle.perAccount ? account.resetsAt : null, fromClient.count > deps.throttle.perClient ? fromClient.resetsAt : null].filter((d): d is Date => d !== null);
  if (over.length > 0) {
    const retryAfter = Math.max(1, Math.ceil((Math.max(...over.map((d) => d.getTime())) - now.getTime()) / 1000));
    deps.audit('login_throttled', { username: name, client, retryAfter });
    throw new TooManyAttemptsError(retryAfter);
  }
  const user = await deps.users.findByUsername(name);
  // An unknown name costs the same bcrypt work, so response time does not reveal which usernames exist.
  const ok = await deps.hasher.verify(password, user?.passwordHash ?? '$2b$10$CwTycUXWue0Thq9StjUM0uJ8.jZC0Ti1VZ7r9i6mcz8n3q0i3Ck6e');
  if (!user || !ok) {
    deps.audit('login_failed', { username: name, client, known: user !== null });
    throw new UnauthorizedError(BAD_LOGIN);
  }
  if (!user.active) throw new UnauthorizedError('This account is disabled.');
  // A client that signs many people in (an office behind one address) spends only its failures.
  await Promise.all([deps.attempts.clear(keys.account), deps.attempts.release(keys.client)]);
  deps.audit('login_succeeded', { userId: user.id, client });
  const { passwordHash: _hash, ...plain } = user;
  return issue(deps, plain, uuidv7(now.getTime()));
}

/**
 * Rotation: each refresh token works once and is replaced by a new one in the same family.
 * Presenting a used token means it was stolen or replayed, so the whole family is revoked.
 */
export async function refresh(deps: IdentityDeps, refreshToken: string): Promise<TokenPair> {
  const now = deps.now?.() ?? new Date();
  const [id, secret] = refreshToken.split('.');
  const record = id && secret ? await deps.tokens.findById(id) : null;
  if (!record || record.hash !== sha256(secret!)) throw new UnauthorizedError('The refresh token is not valid.');
  if (record.revokedAt) throw new UnauthorizedError('The refresh token was revoked; sign in again.');
  if (record.expiresAt.getTime() <= now.getTime()) throw new UnauthorizedError('The refresh token has expired; sign in again.');
  if (record.usedAt || !(await deps.tokens.markUsed(record.id, now))) {
    // A replayed refresh token may mean a stolen one: void the user's access tokens too.
    await Promise.all([deps.tokens.revokeFamily(record.family, now), deps.users.bumpTokenVersion(record.userId)]);
    throw new UnauthorizedError('The refresh token was already used; every session of this sign-in is revoked. Sign in again.');
  }
  const user = await deps.users.findById(record.userId);
  if (!user || !user.active) throw new UnauthorizedError('This account is disabled.');
  const { passwordHash: _hash, ...plain } = user;
  return issue(deps, plain, record.family);
}

export async function logout(deps: IdentityDeps, refreshToken: string): Promise<void> {
  const [id, secret] = refreshToken.split('.');
  const record = id && secret ? await deps.tokens.findById(id) : null;
  if (record && record.hash === sha256(secret!)) await deps.tokens.revokeFamily(record.family, deps.now?.() ?? new Date());
}

/**
 * Whether an access token's sign-in still stands: the user exists and is active, the token's
 * version is the user's current one, and its sign-in was not ended. The gateway asks this
 * (with a short cache) so that sign-out and revocation take effect within seconds.
 */
export async function sessionStands(deps: IdentityDeps, userId: string, sid: string, tv: number): Promise<boolean> {
  const [user, revoked] = await Promise.all([deps.users.findById(userId), deps.tokens.familyRevoked(sid)]);
  return user !== null && user.active && user.tokenVersion === tv && !revoked;
}
