import type { Range } from '../domain/period';
import type { ProgrammeRecord } from '../domain/programme-records';

/** Where reporting keeps the programme records it learns from events. */
export interface ProgrammeStore {
  /** Stores the record if it is newer than the one held; false when it was repeated or stale. */
  saveNewer(r: ProgrammeRecord): Promise<boolean>;
  /** The record held under this key, if any. */
  get(key: string): Promise<ProgrammeRecord | null>;
  all(): Promise<ProgrammeRecord[]>;
  /** Campaigns running in the period; `cityCode` narrows to those the city takes part in. */
  campaigns(range: Range, cityCode?: string): Promise<Extract<ProgrammeRecord, { kind: 'campaign' }>[]>;
  /** Every energy data-collection change of one enterprise. */
  collectionsOf(enterpriseId: string): Promise<Extract<ProgrammeRecord, { kind: 'collection' }>[]>;
}
