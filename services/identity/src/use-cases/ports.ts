import type { OutboxEntry } from '@metrodesk/events/model';
import type { LoginThrottlePolicy, User } from '../domain/user';

export interface UserRecord extends User {
  passwordHash: string;
}

export interface UserRepository {
  insert(u: UserRecord, events: OutboxEntry[]): Promise<void>;
  findById(id: string): Promise<UserRecord | null>;
  findByUsername(username: string): Promise<UserRecord | null>;
  list(filter: { role?: string; cityCode?: string; enterpriseId?: string; q?: string }, limit: number, after?: string): Promise<UserRecord[]>;
  /** Versioned update; stale version -> VersionConflictError. */
  update(id: string, expectedVersion: number, set: Partial<UserRecord>, events: OutboxEntry[]): Promise<UserRecord>;
  count(): Promise<number>;
  /** One atomic increment of the user's token version. */
  bumpTokenVersion(id: string): Promise<void>;
}

export interface RefreshTokenRecord {
  id: string;
  userId: string;
  family: string;
  hash: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export interface RefreshTokenStore {
  insert(t: RefreshTokenRecord): Promise<void>;
  findById(id: string): Promise<RefreshTokenRecord | null>;
  /** Marks the token used if it was unused; false when someone used it first. */
  markUsed(id: string, at: Date): Promise<boolean>;
  revokeFamily(family: string, at: Date): Promise<void>;
  revokeUser(userId: string, at: Date): Promise<void>;
  /** True when the sign-in (family) was revoked: signed out, or a reused token found. */
  familyRevoked(family: string): Promise<boolean>;
}

/** Attempt counters in fixed windows; each hit is one atomic increment. */
export interface AttemptCounter {
  /** Counts one attempt and answers the count in the current window and when that window ends. */
  hit(key: string, now: Date, windowMs: number): Promise<{ count: number; resetsAt: Date }>;
  clear(key: string): Promise<void>;
  /** Takes one attempt back (it succeeded): only failures stay counted. */
  release(key: string): Promise<void>;
}

/** Security-relevant events (failed sign-ins, throttling) for the audit log. */
export type AuditLog = (event: 'login_failed' | 'login_throttled' | 'login_succeeded', data: Record<string, unknown>) => void;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
}

export interface IdentityDeps {
  users: UserRepository;
  tokens: RefreshTokenStore;
  hasher: PasswordHasher;
  notify: () => void;
  jwtSecret: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  attempts: AttemptCounter;
  throttle: LoginThrottlePolicy;
  audit: AuditLog;
  provinceCode: string;
  now?: () => Date;
}
