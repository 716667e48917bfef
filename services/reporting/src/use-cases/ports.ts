import type { Fact, EnterpriseFlags, Contribution } from '../domain/facts';
import type { Figures, MemberCounts, Members } from '../domain/figures';
import type { RegionData } from '../domain/report';

export interface EnterpriseSnapshot {
  enterpriseId: string;
  version: number;
  cityCode: string;
  flags: EnterpriseFlags;
}

export interface Bucket {
  id: string;
  scope: string;
  period: string;
  f: Figures;
  n: MemberCounts;
}

/** The read model: facts, their contributions to day buckets, and the rolled-up buckets. */
export interface ReadModel {
  /** Runs `fn` alone for this fact: no other write to the fact or its contributions interleaves. */
  exclusive<T>(factKey: string, fn: () => Promise<T>): Promise<T>;
  /** Applies `fn` to the stored fact atomically (optimistic retry); returns the stored result. */
  updateFact(key: string, fn: (prev: Fact | null) => Promise<Fact | null>): Promise<Fact | null>;
  enterpriseFlags(enterpriseId: string): Promise<EnterpriseFlags>;
  /** Keeps the snapshot if it is newer than the stored one; true when stored. */
  saveEnterprise(e: EnterpriseSnapshot): Promise<boolean>;
  factKeysOfEnterprise(enterpriseId: string): Promise<string[]>;
  /** Makes the stored contributions of a fact equal `wanted` and marks every bucket they touch for recompute. */
  syncContributions(factKey: string, wanted: Contribution[]): Promise<void>;
  bucket(id: string): Promise<Bucket | null>;
  bucketsOfPeriod(periodKey: string): Promise<Bucket[]>;
  members(id: string): Promise<Members>;
}

export interface ProjectionDeps {
  model: ReadModel;
}

export interface ReportDeps {
  model: ReadModel;
  regions: () => RegionData;
}
