import type { Range } from '../domain/period';
import type { ProgrammeRecord } from '../domain/programme-records';

/** Where reporting keeps the programme records it learns from events. */
export interface ProgrammeStore {
  /** Stores the record if it is newer than the one held; false when it was repeated or stale. */
  saveNewer(r: ProgrammeRecord): Promise<boolean>;
  all(): Promise<ProgrammeRecord[]>;
  /**
   * The records that can count in a period: those dated in it, campaigns running in it,
   * withdrawals in it and data-collection changes up to its end. `cityCode` narrows to one city
   * (campaigns it takes part in).
   */
  forPeriod(range: Range, cityCode?: string): Promise<ProgrammeRecord[]>;
}
