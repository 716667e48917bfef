import type { OutboxEntry } from '@metrodesk/events/model';
import type { PROGRAMMES } from '@metrodesk/contracts';
import type { Enterprise, FlagName, RegionData } from '../domain/enterprise';
import type { Contact } from '../domain/contact';
import type { Outreach, OutreachKind } from '../domain/outreach';
import type { CursorPosition, SortSpec } from '../domain/cursor';
import type { Instrument, InstrumentClass, InstrumentStatus, InstrumentUse } from '../domain/instrument';
import type { CityOverdue, DueBatch, DueSettings } from '../domain/instrument-due';
import type { PlanningSettings } from '../domain/instrument-planning';
import type { VerifierFile } from '../domain/verifier-file';

export const ENTERPRISE_SORTS = ['name', 'uscc', 'createdAt', 'updatedAt'] as const;
export type EnterpriseSortField = (typeof ENTERPRISE_SORTS)[number];

/** A caller's visibility as a filter: a city, one enterprise, or (empty) everything. */
export interface Scope {
  cityCode?: string;
  enterpriseId?: string;
}

export interface Page<T> {
  items: T[];
  next: CursorPosition | null;
}

export interface EnterpriseQuery {
  scope: Scope;
  cityCode?: string;
  districtCode?: string;
  industry?: string;
  status?: 'active' | 'closed';
  /** Every tag must be present. */
  tags?: string[];
  /** Every flag must be set. */
  flags?: FlagName[];
  /** Case-insensitive substring of the Chinese or English name or the USCC. */
  q?: string;
  excludeIds?: string[];
  sort: SortSpec<EnterpriseSortField>;
  after?: CursorPosition;
  limit: number;
}

/** What the use cases need from the outside; persistence implements it. */
export interface EnterpriseRepository {
  /** Stores a new enterprise and its events in one atomic write; a taken USCC is a conflict. */
  insert(e: Enterprise, events: OutboxEntry[]): Promise<void>;
  /** Inserts many at once; each document is still one atomic write. Returns the USCCs that were already taken. */
  insertMany(items: { enterprise: Enterprise; events: OutboxEntry[] }[]): Promise<{ taken: string[] }>;
  findById(id: string): Promise<Enterprise | null>;
  findByUscc(uscc: string): Promise<Enterprise | null>;
  /** The enterprises of this city among these USCCs (one registered in another city is not found). */
  findByUsccInCity(cityCode: string, usccs: string[]): Promise<Enterprise[]>;
  /**
   * Stores `next` (whose version is expectedVersion + 1) only if the stored version is still
   * expectedVersion, with its events in the same write; stale gets VersionConflictError.
   */
  update(next: Enterprise, expectedVersion: number, events: OutboxEntry[]): Promise<void>;
  list(query: EnterpriseQuery): Promise<Page<Enterprise>>;
  contactsOf(id: string): Promise<{ enterprise: Enterprise; contacts: Contact[]; rev: number } | null>;
  /** Replaces the contact list if nobody changed it since `rev`; false when someone did. */
  saveContacts(id: string, rev: number, contacts: Contact[], events: OutboxEntry[]): Promise<boolean>;
}

export interface OutreachQuery {
  scope: Scope;
  enterpriseId?: string;
  cityCode?: string;
  liaisonId?: string;
  kind?: OutreachKind;
  campaign?: string;
  campaignId?: string;
  from?: string;
  to?: string;
  /** Open follow-ups due on or before this day; sorts by follow-up day instead of visit day. */
  followUpDueBy?: string;
  after?: CursorPosition;
  limit: number;
}

export interface OutreachRepository {
  insert(o: Outreach, events: OutboxEntry[]): Promise<void>;
  findById(id: string): Promise<Outreach | null>;
  list(query: OutreachQuery): Promise<Page<Outreach>>;
  /** Ids of enterprises in scope with any outreach on or after `day`. */
  visitedSince(scope: Scope, day: string): Promise<string[]>;
  markFollowUpDone(id: string, at: Date): Promise<Outreach | null>;
}

export interface RegionCatalog {
  current(): Promise<RegionData>;
  replace(data: RegionData, by: string): Promise<void>;
}

/** A programmes campaign as its event described it. */
export interface CampaignRef {
  id: string;
  name: string;
  programme: (typeof PROGRAMMES)[number];
  startDate: string;
  endDate: string;
  cityCodes: string[];
}

export interface CampaignCatalog {
  save(c: CampaignRef): Promise<void>;
  findById(id: string): Promise<CampaignRef | null>;
}

export interface InstrumentQuery {
  scope: Scope;
  enterpriseId?: string;
  cityCode?: string;
  instrumentClass?: InstrumentClass;
  use?: InstrumentUse;
  status?: InstrumentStatus;
  compulsory?: boolean;
  /** Next due on or before this day (overdue ones included). */
  dueBy?: string;
  after?: CursorPosition;
  limit: number;
}

/** Which instruments a count covers; next-due bounds are inclusive except `nextDueBefore`. */
export interface InstrumentCountFilter {
  scope: Scope;
  cityCode?: string;
  status: 'in_use' | 'not_scrapped';
  nextDueFrom?: string;
  nextDueTo?: string;
  nextDueBefore?: string;
}

export interface InstrumentCount {
  cityCode: string;
  instrumentClass: InstrumentClass;
  compulsory: boolean;
  n: number;
}

export interface InstrumentRepository {
  /** A serial number the enterprise already registered for the class is a conflict. */
  insert(i: Instrument): Promise<void>;
  /**
   * Stores all or none: a serial number taken meanwhile removes the ones this call stored and
   * names the clashes by their index in `items`.
   */
  insertAll(items: Instrument[]): Promise<{ taken: number[] }>;
  /** Class and serial number of every instrument the enterprise registered. */
  serialsOf(enterpriseId: string): Promise<Pick<Instrument, 'instrumentClass' | 'serialNo'>[]>;
  findById(id: string): Promise<Instrument | null>;
  /** Stores `next` only if the stored version is still expectedVersion; stale gets VersionConflictError. */
  update(next: Instrument, expectedVersion: number): Promise<void>;
  remove(id: string, expectedVersion: number): Promise<void>;
  /** Sorted by next due day, soonest first. */
  list(query: InstrumentQuery): Promise<Page<Instrument>>;
  /** Counts by city, class and compulsory mark. */
  countByCityClass(filter: InstrumentCountFilter): Promise<InstrumentCount[]>;
  /** Instruments with a verification on a day from `from` through `to`, with their whole history. */
  withVerificationsBetween(scope: Scope, cityCode: string | undefined, from: string, to: string): AsyncIterable<Pick<Instrument, 'cityCode' | 'instrumentClass' | 'verifications'>>;
  /** Every in-use instrument due on or before this day, in no particular order. */
  inUseDueBy(day: string): AsyncIterable<Instrument>;
}

export interface VerifierFileCatalog {
  /** Keeps the file unless a newer version is held; true when it changed what is held. */
  upsertNewer(f: VerifierFile): Promise<boolean>;
  /** Files of the city's people, or of every city's. */
  inCities(cityCode: string | undefined): Promise<VerifierFile[]>;
}

export interface DueRunRepository {
  /** Stores enterprises' due runs of a day, each with its events and each once: how many were new (a run stored already is left as it was). */
  recordAll(runs: Array<{ batch: DueBatch; events: OutboxEntry[] }>, at: Date): Promise<number>;
  /** Stores a city's overdue fact of a day with its events; false (and nothing stored) when it exists already. */
  recordCity(city: CityOverdue, events: OutboxEntry[], at: Date): Promise<boolean>;
  scanCompleted(runDate: string): Promise<boolean>;
  completeScan(runDate: string, enterprises: number, at: Date): Promise<void>;
}

export interface AccountsDeps {
  enterprises: EnterpriseRepository;
  instruments: InstrumentRepository;
  dueRuns: DueRunRepository;
  dueSettings: DueSettings;
  planning: PlanningSettings;
  verifierFiles: VerifierFileCatalog;
  outreach: OutreachRepository;
  campaigns: CampaignCatalog;
  regions: RegionCatalog;
  /** Wakes the outbox relay after a write. */
  notify: () => void;
  now?: () => Date;
}
