import { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract, regionCode, type Request, type Response } from '@metrodesk/http';
import { UnauthorizedError } from '@metrodesk/errors';
import type { http } from '@metrodesk/contracts';
import { LANGUAGES, USER_ROLES, type User } from '../domain/user';
import type { IdentityDeps } from '../use-cases/ports';
import { login, logout, refresh, sessionStands, TooManyAttemptsError, type TokenPair } from '../use-cases/auth';
import { createUser, getUser, listUsers, logoutEverywhere, setPassword, updateOwnProfile, updateUser } from '../use-cases/users';
import { requireRole } from '@metrodesk/access';

type Api = http.identity.components['schemas'];

export const loginBody = z.object({ username: z.string().trim().min(1).max(100), password: z.string().min(1).max(200) }).strict();
export const refreshBody = z.object({ refreshToken: z.string().min(10).max(500).optional() }).strict();
export const createUserBody = z
  .object({
    username: z.string().trim().regex(/^[A-Za-z0-9._@-]{3,64}$/, 'letters, digits and . _ @ -, 3 to 64 characters'),
    name: z.string().trim().min(1).max(100),
    role: z.enum(USER_ROLES),
    password: z.string().min(1).max(200),
    enterpriseId: z.string().min(1).optional(),
    cityCode: regionCode.optional(),
    email: z.string().trim().email('must be an email address').max(200).optional(),
    language: z.enum(LANGUAGES).optional(),
  })
  .strict();
export const updateUserBody = z
  .object({
    version: z.number().int().positive(),
    name: z.string().trim().min(1).max(100).optional(),
    role: z.enum(USER_ROLES).optional(),
    enterpriseId: z.string().min(1).nullable().optional(),
    cityCode: regionCode.nullable().optional(),
    email: z.string().trim().email('must be an email address').max(200).nullable().optional(),
    language: z.enum(LANGUAGES).optional(),
    active: z.boolean().optional(),
  })
  .strict();
/** What people change about themselves; the rest of a user is the admin's. */
export const profileBody = z
  .object({
    version: z.number().int().positive(),
    email: z.string().trim().email('must be an email address').max(200).nullable().optional(),
    language: z.enum(LANGUAGES).optional(),
  })
  .strict();
export const passwordBody = z.object({ password: z.string().min(1).max(200), currentPassword: z.string().min(1).max(200).optional() }).strict();
const listQuery = z.object({
  role: z.enum(USER_ROLES).optional(),
  cityCode: regionCode.optional(),
  enterpriseId: z.string().optional(),
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().optional(),
});

checkContract<z.infer<typeof loginBody>, Api['LoginRequest']>(true);
checkContract<z.infer<typeof createUserBody>, Api['CreateUser']>(true);
checkContract<z.infer<typeof updateUserBody>, Api['UpdateUser']>(true);
checkContract<z.infer<typeof profileBody>, Api['UpdateProfile']>(true);

export const toUserDto = (u: User): Api['User'] => ({
  id: u.id,
  username: u.username,
  name: u.name,
  role: u.role,
  enterpriseId: u.enterpriseId,
  cityCode: u.cityCode,
  email: u.email,
  language: u.language,
  active: u.active,
  locked: u.lockedUntil !== null && u.lockedUntil.getTime() > Date.now(),
  version: u.version,
  createdAt: u.createdAt.toISOString(),
  updatedAt: u.updatedAt.toISOString(),
});

const toTokens = (t: TokenPair): Api['Tokens'] => ({ ...t, user: toUserDto(t.user) });

/** Where the browser keeps the refresh token: out of reach of page scripts, sent only to sign-in calls. */
export interface RefreshCookie {
  name: string;
  /** The path the browser sees (through the gateway), so the cookie goes with refresh and sign-out only. */
  path: string;
  secure: boolean;
  maxAgeSeconds: number;
}

const cookieHeader = (c: RefreshCookie, value: string, maxAge: number) =>
  `${c.name}=${value}; Path=${c.path}; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${c.secure ? '; Secure' : ''}`;

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=') || undefined;
  }
  return undefined;
}

/** The refresh token from the body (API clients) or the cookie (the console). */
function refreshTokenOf(req: Request, cookie: RefreshCookie): string {
  const body = parseWith(refreshBody, req.body ?? {});
  const token = body.refreshToken ?? cookieValue(req.header('cookie'), cookie.name);
  if (!token || token.length > 500) throw new UnauthorizedError('No refresh token was sent; sign in again.');
  return token;
}

/** Sign-in, refresh and sign-out: public, the gateway forwards them without an identity. */
export function authRouter(deps: IdentityDeps, cookie: RefreshCookie): Router {
  const r = Router();
  const issued = (res: Response, t: TokenPair) => res.setHeader('Set-Cookie', cookieHeader(cookie, t.refreshToken, cookie.maxAgeSeconds)).json(toTokens(t));
  r.post('/auth/login', async (req, res) => {
    const body = parseWith(loginBody, req.body);
    try {
      issued(res, await login(deps, body.username, body.password, req.ip ?? 'unknown'));
    } catch (err) {
      if (err instanceof TooManyAttemptsError) res.setHeader('Retry-After', String(err.retryAfter));
      throw err;
    }
  });
  r.post('/auth/refresh', async (req, res) => {
    issued(res, await refresh(deps, refreshTokenOf(req, cookie)));
  });
  r.post('/auth/logout', async (req, res) => {
    await logout(deps, refreshTokenOf(req, cookie));
    res.setHeader('Set-Cookie', cookieHeader(cookie, '', 0)).status(204).end();
  });
  return r;
}

export function usersRouter(deps: IdentityDeps): Router {
  const r = Router();
  r.get('/me', async (req, res) => {
    res.json(toUserDto(await getUser(deps, identityOf(req), identityOf(req).userId)));
  });
  r.patch('/me', async (req, res) => {
    const { version, ...changes } = parseWith(profileBody, req.body);
    res.json(toUserDto(await updateOwnProfile(deps, identityOf(req), version, changes)));
  });
  r.post('/me/logout-all', async (req, res) => {
    await logoutEverywhere(deps, identityOf(req));
    res.status(204).end();
  });
  // For the gateway only (role service): does this access token's sign-in still stand?
  r.get('/internal/sessions/:sid', async (req, res) => {
    requireRole(identityOf(req), 'service');
    const q = parseWith(z.object({ userId: z.string().min(1).max(100), tv: z.coerce.number().int().nonnegative() }), req.query, 'query');
    res.json({ active: await sessionStands(deps, q.userId, String(req.params.sid), q.tv) });
  });
  r.get('/users', async (req, res) => {
    const q = parseWith(listQuery, req.query, 'query');
    const users = await listUsers(deps, identityOf(req), q, q.limit + 1, q.after);
    const page = users.slice(0, q.limit);
    res.json({ items: page.map(toUserDto), nextCursor: users.length > q.limit ? page[page.length - 1]!.id : null });
  });
  r.post('/users', async (req, res) => {
    const body = parseWith(createUserBody, req.body);
    const u = await createUser(deps, identityOf(req), body);
    res.status(201).location(`/users/${u.id}`).json(toUserDto(u));
  });
  r.get('/users/:id', async (req, res) => {
    res.json(toUserDto(await getUser(deps, identityOf(req), String(req.params.id))));
  });
  r.patch('/users/:id', async (req, res) => {
    const { version, ...changes } = parseWith(updateUserBody, req.body);
    res.json(toUserDto(await updateUser(deps, identityOf(req), String(req.params.id), version, changes)));
  });
  r.put('/users/:id/password', async (req, res) => {
    const body = parseWith(passwordBody, req.body);
    await setPassword(deps, identityOf(req), String(req.params.id), body.password, body.currentPassword);
    res.status(204).end();
  });
  return r;
}
