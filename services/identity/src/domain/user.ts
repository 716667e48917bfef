import { ValidationError } from '@metrodesk/errors';

export const USER_ROLES = ['enterprise', 'liaison', 'city_manager', 'province_manager', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface User {
  id: string;
  username: string;
  name: string;
  role: UserRole;
  enterpriseId: string | null;
  cityCode: string | null;
  active: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
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

/** At least 10 characters with letters and digits: enough for a bureau's internal system. */
export function checkPasswordStrength(password: string, path = 'password'): void {
  const problems: string[] = [];
  if (password.length < 10) problems.push('at least 10 characters');
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) problems.push('both letters and digits');
  if (problems.length) throw new ValidationError([{ path, message: `password needs ${problems.join(' and ')}` }]);
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
