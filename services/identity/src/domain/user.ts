import { ValidationError } from '@metrodesk/errors';
import { LANGS as LANGUAGES, type Lang as Language } from '@metrodesk/contracts';
import { COMMON_PASSWORDS } from './common-passwords';

/** Languages Metrodesk speaks to its users in: the contracts' list. */
export { LANGUAGES, type Language };

export const USER_ROLES = ['enterprise', 'liaison', 'city_manager', 'province_manager', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface User {
  id: string;
  username: string;
  name: string;
  role: UserRole;
  enterpriseId: string | null;
  cityCode: string | null;
  /** Where notifications are mailed; none when null. */
  email: string | null;
  language: Language;
  active: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
  /** Every access token carries the version it was issued under; bumping it voids them all. */
  tokenVersion: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The binding each role needs: enterprise users to an enterprise, city roles to a city. */
export function checkBinding(u: { role: UserRole; enterpriseId?: string | null; cityCode?: string | null }): void {
  const problems: { path: string; message: string }[] = [];
  if (u.role === 'enterprise' && !u.enterpriseId) problems.push({ path: 'enterpriseId', message: 'an enterprise user must be bound to an enterprise' });
  if ((u.role === 'liaison' || u.role === 'city_manager') && !u.cityCode) problems.push({ path: 'cityCode', message: `a ${u.role} must be bound to a city` });
  if (u.role !== 'enterprise' && u.enterpriseId) problems.push({ path: 'enterpriseId', message: 'only enterprise users are bound to an enterprise' });
  if ((u.role === 'province_manager' || u.role === 'admin' || u.role === 'enterprise') && u.cityCode && u.role !== 'enterprise')
    problems.push({ path: 'cityCode', message: `a ${u.role} is not bound to a city` });
  if (problems.length) throw new ValidationError(problems);
}

/** bcrypt reads only this many bytes; anything after them would be silently ignored. */
export const MAX_PASSWORD_BYTES = 72;

/**
 * At least 10 characters with letters and digits, not the username, not a common password,
 * no NUL, and at most 72 bytes of UTF-8 (refused rather than truncated by bcrypt).
 */
export function checkPasswordStrength(password: string, path = 'password', username?: string): void {
  const problems: string[] = [];
  if (password.length < 10) problems.push('password needs at least 10 characters');
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) problems.push('password needs both letters and digits');
  if (password.includes('\u0000')) problems.push('password must not contain NUL characters');
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) problems.push(`password must be at most ${MAX_PASSWORD_BYTES} bytes`);
  const lower = password.toLowerCase();
  if (username && lower.includes(username.trim().toLowerCase())) problems.push('password must not contain the username');
  if (COMMON_PASSWORDS.has(lower)) problems.push('password is too common: it is among the first that guessers try');
  if (problems.length) throw new ValidationError(problems.map((message) => ({ path, message })));
}

/**
 * Sign-in attempts are counted per (account, client) and per client, never per account alone:
 * a limit per account alone would let anyone lock any account, `admin` included.
 */
export interface LoginThrottlePolicy {
  /** Attempts one client may make on one account per window. */
  perAccount: number;
  /** Attempts one client may make across all accounts per window. */
  perClient: number;
  windowMinutes: number;
}

export const throttleKeys = (username: string, client: string) => ({ account: `account:${username}|client:${client}`, client: `client:${client}` });
