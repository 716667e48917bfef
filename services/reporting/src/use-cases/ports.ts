import type { Fact, EnterpriseFlags, Contribution } from '../domain/facts';
import type { Figures, MemberCounts } from '../domain/figures';
import type { Range } from '../domain/period';
import type { RegionData } from '@metrodesk/codes';
import type { AuditEntry, AuditKind } from '../domain/audit';

export interface EnterpriseSnapshot {
  enterpriseId: string;
  version: number;
  cityCode: string;
  flags: EnterpriseFlags;
}

/** The read model: facts, their contributions to day buckets, and the figures rolled up from them. */
export interface ReadModel {
  /** Runs `fn` alone for this fact: no other write to the fact or its contributions interleaves. */
  exclusive<T>(factKey: string, fn: () => Promise<T>): Promise<T>;
  /** Applies `fn` to the stored fact atomically (optimistic retry); returns the stored result. */
  updateFact(key: string, fn: (prev: Fact | null) => Promise<Fact | null>): Promise<Fact | null>;
  enterpriseFlags(enterpriseId: string): Promise<EnterpriseFlags>;
  /** Keeps the snapshot if it is newer than the stored one; true when stored. */
  saveEnterprise(e: EnterpriseSnapshot): Promise<boolean>;
  factKeysOfEnterprise(enterpriseId: string): Promise<string[]>;
  /** Makes the stored contributions of a fact equal `wanted` and marks every day they touch for recompute. */
  syncContributions(factKey: string, wanted: Contribution[]): Promise<void>;
  /** A region's figures and distinct counts over a range of days (exact; read from memory). */
  figures(scope: string, range: Range): { f: Figures; n: MemberCounts };
}

/** The audit trail: one entry per audited event, and the names identity published. */
export interface AuditStore {
  /** Idempotent: an entry already stored under the event's id is kept as it is. */
  record(e: AuditEntry): Promise<void>;
  /** Keeps the name if its version is newer than the stored one. */
  saveUserName(u: { userId: string; name: string; version: number }): Promise<void>;
  /** The enterprise's own entries, its contacts' and its requests' steps. */
  ofEnterprise(enterpriseId: string): Promise<AuditEntry[]>;
  ofRequest(requestId: string): Promise<AuditEntry[]>;
  ofKind(kind: AuditKind, cityCode?: string): Promise<AuditEntry[]>;
  names(userIds: string[]): Promise<Map<string, string>>;
}

export interface ProjectionDeps {
  model: ReadModel;
  audit: AuditStore;
}

export interface ReportDeps {
  model: ReadModel;
  regions: () => RegionData;
  audit: AuditStore;
}
