import type { ProgrammeRecord } from '../domain/programme-records';

/** Where reporting keeps the programme records it learns from events. */
export interface ProgrammeStore {
  /** Stores the record if it is newer than the one held; false when it was repeated or stale. */
  saveNewer(r: ProgrammeRecord): Promise<boolean>;
  all(): Promise<ProgrammeRecord[]>;
}
