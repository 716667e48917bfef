import { eventFor, uuidv7, SYSTEM_ACTOR, type EventActor, type OutboxEntry } from '@metrodesk/events/model';
import { userCreated, userDisabled, userUpdated } from '@metrodesk/contracts';
import { actorFor, requireRole, type Identity } from '@metrodesk/access';
import { ConflictError, NotFoundError, ValidationError } from '@metrodesk/errors';
import { checkBinding, checkPasswordStrength, type Language, type User, type UserRole } from '../domain/user';
import type { IdentityDeps, UserRecord } from './ports';

export interface NewUser {
  username: string;
  name: string;
  role: UserRole;
  password: string;
  enterpriseId?: string;
  cityCode?: string;
  email?: string;
  language?: Language;
}

export interface UserChanges {
  name?: string;
  role?: UserRole;
  enterpriseId?: string | null;
  cityCode?: string | null;
  email?: string | null;
  language?: Language;
  active?: boolean;
}

function strip(u: UserRecord): User {
  const { passwordHash: _h, ...rest } = u;
  return rest;
}

function snapshot(u: User) {
  return { userId: u.id, version: u.version, name: u.name, role: u.role, enterpriseId: u.enterpriseId, cityCode: u.cityCode, active: u.active, email: u.email, language: u.language };
}

function userEvent(def: typeof userCreated, u: User, at: Date, actor: EventActor): OutboxEntry {
  return eventFor(def, { subject: u.id, data: snapshot(u), source: 'identity', time: at, actor });
}

/** Creates a user; callers other than the bootstrap are admins. */
export async function createUser(deps: IdentityDeps, who: Identity | 'bootstrap', input: NewUser): Promise<User> {
  if (who !== 'bootstrap') requireRole(who, 'admin');
  checkBinding(input);
  checkPasswordStrength(input.password, 'password', input.username);
  const username = input.username.trim().toLowerCase();
  const existing = await deps.users.findByUsername(username);
  if (existing) throw new ConflictError('duplicate_username', `The username ${username} is taken.`, { existingId: existing.id });
  const now = deps.now?.() ?? new Date();
  const user: UserRecord = {
    id: uuidv7(now.getTime()),
    username,
    name: input.name.trim(),
    role: input.role,
    enterpriseId: input.enterpriseId ?? null,
    cityCode: input.cityCode ?? null,
    email: input.email ?? null,
    language: input.language ?? 'zh-CN',
    active: true,
    failedLogins: 0,
    lockedUntil: null,
    tokenVersion: 0,
    version: 1,
    createdAt: now,
    updatedAt: now,
    passwordHash: await deps.hasher.hash(input.password),
  };
  await deps.users.insert(user, [userEvent(userCreated, strip(user), now, who === 'bootstrap' ? SYSTEM_ACTOR : actorFor(who))]);
  deps.notify();
  return strip(user);
}

export async function updateUser(deps: IdentityDeps, who: Identity, id: string, version: number, changes: UserChanges): Promise<User> {
  requireRole(who, 'admin');
  return applyChanges(deps, who, id, version, changes);
}

/**
 * Anyone changes their own email address and language: the identity is the only id, so no
 * one reaches another person's. Published like an admin's change, so the services that
 * write to people (notifications) follow.
 */
export async function updateOwnProfile(deps: IdentityDeps, who: Identity, version: number, changes: Pick<UserChanges, 'email' | 'language'>): Promise<User> {
  return applyChanges(deps, who, who.userId, version, changes);
}

async function applyChanges(deps: IdentityDeps, who: Identity, id: string, version: number, changes: UserChanges): Promise<User> {
  const current = await deps.users.findById(id);
  if (!current) throw new NotFoundError('user', id);
  const next = { ...current, ...changes };
  checkBinding(next);
  const now = deps.now?.() ?? new Date();
  const disabling = current.active && changes.active === false;
  const set: Partial<UserRecord> = { ...changes, updatedAt: now };
  const after = { ...strip(next), version: version + 1, updatedAt: now };
  const updated = await deps.users.update(id, version, set, [userEvent(disabling ? userDisabled : userUpdated, after, now, actorFor(who))]);
  if (disabling) await Promise.all([deps.tokens.revokeUser(id, now), deps.users.bumpTokenVersion(id)]);
  deps.notify();
  return strip(updated);
}

/**
 * An admin resets another user's password; anyone changing their own proves they know the
 * current one, so a stolen access token alone cannot take the account over.
 */
export async function setPassword(deps: IdentityDeps, who: Identity, id: string, password: string, currentPassword?: string): Promise<void> {
  const own = who.userId === id;
  if (!own) requireRole(who, 'admin');
  const current = await deps.users.findById(id);
  if (!current) throw new NotFoundError('user', id);
  if (own && !(currentPassword !== undefined && (await deps.hasher.verify(currentPassword, current.passwordHash)))) {
    throw new ValidationError([{ path: 'currentPassword', message: currentPassword === undefined ? 'is required to change your own password' : 'is not your current password' }]);
  }
  checkPasswordStrength(password, 'password', current.username);
  await deps.users.update(id, current.version, { passwordHash: await deps.hasher.hash(password), failedLogins: 0, lockedUntil: null, updatedAt: deps.now?.() ?? new Date() }, []);
  await Promise.all([deps.tokens.revokeUser(id, deps.now?.() ?? new Date()), deps.users.bumpTokenVersion(id)]);
}

/** Signs the caller out everywhere: every refresh token revoked, every access token void. */
export async function logoutEverywhere(deps: IdentityDeps, who: Identity): Promise<void> {
  await Promise.all([deps.tokens.revokeUser(who.userId, deps.now?.() ?? new Date()), deps.users.bumpTokenVersion(who.userId)]);
}

export async function getUser(deps: IdentityDeps, who: Identity, id: string): Promise<User> {
  if (who.userId !== id) requireRole(who, 'admin');
  const u = await deps.users.findById(id);
  if (!u) throw new NotFoundError('user', id);
  return strip(u);
}

export async function listUsers(deps: IdentityDeps, who: Identity, filter: { role?: string; cityCode?: string; enterpriseId?: string; q?: string }, limit: number, after?: string): Promise<User[]> {
  requireRole(who, 'admin');
  return (await deps.users.list(filter, limit, after)).map(strip);
}
