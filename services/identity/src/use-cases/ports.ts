import type { OutboxEntry } from '@metrodesk/events';
import type { LockoutPolicy, User } from '../domain/user';

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
  recordFailure(id: string, set: { failedLogins: number; lockedUntil: Date | null }): Promise<void>;
  recordSuccess(id: string): Promise<void>;
  count(): Promise<number>;
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
}

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
  lockout: LockoutPolicy;
  provinceCode: string;
  now?: () => Date;
}
