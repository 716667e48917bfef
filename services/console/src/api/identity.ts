// contracts/http/identity.yaml
import { api, sessionFromTokens, type TokensLike } from './http';
import { getSession, setSession, type Session } from './session';
import type { http } from '@metrodesk/contracts';

/** The shapes of contracts/http/identity.yaml, generated: a contract change breaks this build. */
type Schemas = http.identity.components['schemas'];

export const ROLES = ['enterprise', 'liaison', 'city_manager', 'province_manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export type User = Schemas['User'];

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What people change about themselves. */
export type UpdateProfile = Schemas['UpdateProfile'];
export type CreateUser = Schemas['CreateUser'];
export type UpdateUser = Schemas['UpdateUser'];

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export async function login(username: string, password: string): Promise<Session> {
  const t = await api<TokensLike>('/identity/auth/login', { method: 'POST', body: { username, password } });
  const s = sessionFromTokens(t);
  setSession(s);
  return s;
}

export async function logout(): Promise<void> {
  const s = getSession();
  setSession(null);
  // No body: identity revokes the refresh token the cookie carries and clears the cookie.
  if (s) await api('/identity/auth/logout', { method: 'POST' }).catch(() => undefined);
}

export const listUsers = (q: { role?: Role; cityCode?: string; q?: string; limit?: number; after?: string }) => api<Page<User>>('/identity/users', { query: q });
export const createUser = (body: CreateUser) => api<User>('/identity/users', { method: 'POST', body });
export const updateUser = (id: string, body: UpdateUser) => api<User>(`/identity/users/${encodeURIComponent(id)}`, { method: 'PATCH', body });
export const setPassword = (id: string, password: string) => api<void>(`/identity/users/${encodeURIComponent(id)}/password`, { method: 'PUT', body: { password } });
export const getMe = () => api<User>('/identity/me');
export const updateMyProfile = (body: UpdateProfile) => api<User>('/identity/me', { method: 'PATCH', body });
