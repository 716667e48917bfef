import type { Logger } from '@metrodesk/logger';
import type { OutboxEntry } from '@metrodesk/events/model';
import type { Calendar, WorkCalendar } from '../domain/calendar';
import type { Clock, ClockKind } from '../domain/clock';
import type { Policy } from '../domain/policy';

export interface ClockQuery {
  cityCode?: string;
  enterpriseId?: string;
  liaisonId?: string;
  open?: boolean;
  /** Past a warning or breached. */
  flagged?: boolean;
  startedFrom?: Date;
  startedTo?: Date;
}

/** Open clocks past a warning (breached false) or breached, counted per city and liaison. */
export interface RiskTally {
  cityCode: string;
  liaisonId: string | null;
  breached: boolean;
  count: number;
}

/** Clocks counted by kind, city and how they ended. */
export interface OutcomeTally {
  kind: ClockKind;
  cityCode: string;
  outcome: Clock['outcome'];
  withinTarget: boolean | null;
  breached: boolean;
  count: number;
}

export interface ClockRepository {
  /** Creates a clock with its first events; false when it already exists (a redelivered event). */
  insertIfAbsent(c: Clock, events: OutboxEntry[]): Promise<boolean>;
  /** Writes the new state and events only if the stored revision is still `expectedRev`. */
  replaceIf(c: Clock, expectedRev: number, events: OutboxEntry[]): Promise<boolean>;
  findById(id: string): Promise<Clock | null>;
  findByRequest(requestId: string): Promise<Clock[]>;
  /** Every open clock with a pending mark, in batches, for reconciliation. */
  scanScheduled(batchSize: number): AsyncIterable<Clock[]>;
  /** Open clocks whose next mark was due before `before`, oldest first. */
  findOverdue(before: Date, limit: number): Promise<Clock[]>;
  list(q: ClockQuery, limit: number): Promise<Clock[]>;
  /** Counts of every flagged open clock, however many `list` would return. */
  tallyFlagged(q: Pick<ClockQuery, 'cityCode' | 'liaisonId'>): Promise<RiskTally[]>;
  /** Counts of the clocks started in a period, by kind, city and outcome. */
  tallyOutcomes(q: Pick<ClockQuery, 'cityCode' | 'liaisonId' | 'startedFrom' | 'startedTo'>): Promise<OutcomeTally[]>;
  setLiaison(requestId: string, liaisonId: string | null, cityCode?: string): Promise<void>;
  /** Open clocks whose deadline reached a year their calendar does not cover. */
  findCalendarMissing(calendarId?: string): Promise<Clock[]>;
}

export interface PolicyRepository {
  /** Stores the version with the events it publishes; false when that version exists already. */
  insertVersion(p: Policy, events?: OutboxEntry[]): Promise<boolean>;
  current(id: string): Promise<Policy | null>;
  version(id: string, version: number): Promise<Policy | null>;
  history(id: string): Promise<Policy[]>;
  listCurrent(): Promise<Policy[]>;
}

export type StoredCalendar = Calendar & { version: number; updatedAt: Date };

export interface CalendarRepository {
  /** Replaces the calendar; `events` builds what the save publishes from the version it gets. */
  save(c: Calendar, now: Date, events?: (version: number) => OutboxEntry[]): Promise<StoredCalendar>;
  find(id: string): Promise<StoredCalendar | null>;
  list(): Promise<StoredCalendar[]>;
}

export interface TrackedRequest {
  requestId: string;
  cityCode: string | null;
  enterpriseId: string | null;
  category: string | null;
  priority: string | null;
  liaisonId: string | null;
  cycle: number;
}

export interface TrackedRequestRepository {
  upsert(requestId: string, fields: Partial<Omit<TrackedRequest, 'requestId' | 'cycle'>>, cycle?: number): Promise<TrackedRequest>;
  find(requestId: string): Promise<TrackedRequest | null>;
}

export interface Timer {
  jobId: string;
  dueAt: Date;
}

/** The scheduler holds no truth: every timer can be rebuilt from the clocks in MongoDB. */
export interface TimerScheduler {
  /** Creates each timer or moves it to its new due time. */
  schedule(timers: Timer[]): Promise<void>;
  /** Creates only the timers that are missing; existing ones are left as they are. */
  ensure(timers: Timer[]): Promise<void>;
  cancel(jobIds: string[]): Promise<void>;
  /** False once the scheduler lost what it held since `markRebuilt` (Redis wiped or replaced). */
  intact(): Promise<boolean>;
  /** Called as a full rebuild starts. */
  markRebuilt(): Promise<void>;
}

export interface SlaDeps {
  clocks: ClockRepository;
  policies: PolicyRepository;
  calendars: CalendarRepository;
  requests: TrackedRequestRepository;
  scheduler: TimerScheduler;
  /** Compiled calendars by id (cached); null when unknown. */
  calendarFor(id: string | null): Promise<WorkCalendar | null>;
  /** Forgets a cached calendar after it changed. */
  forgetCalendar(id: string): void;
  /** Counts and logs a clock whose deadline needs a year its calendar does not cover. */
  calendarMissing?: (c: Clock, years: number[]) => void;
  /** Wakes the outbox relay after a write. */
  notify: () => void;
  logger: Logger;
  now?: () => Date;
}
