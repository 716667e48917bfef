import type { OutboxEntry } from '@metrodesk/events/model';
import type { CaseState, Step } from '../domain/case';
import type { BureauData, Liaison, RoutingRules } from '../domain/roster';
import type { RosterCache } from './roster-cache';

export interface CurrentCase {
  seq: number;
  state: CaseState;
}

export interface CaseRepository {
  latest(requestId: string): Promise<CurrentCase | null>;
  /** Inserts the step and its events in one write; false when another writer took that seq first. */
  appendStep(step: Step, events: OutboxEntry[]): Promise<boolean>;
  history(requestId: string): Promise<Step[]>;
  /** Brings the per-request read model up to the latest step (idempotent, converging). */
  project(requestId: string, known?: CurrentCase): Promise<void>;
  /** Projects only when the read model is behind `current` (a crash between a step and its projection). */
  catchUp(requestId: string, current: CurrentCase): Promise<void>;
  openInCity(cityCode: string): Promise<CaseState[]>;
  openOf(assigneeId: string): Promise<CaseState[]>;
  /** Open assignments per assignee, for the given city or all. */
  load(cityCode?: string): Promise<Map<string, number>>;
  /** One assignee's open assignments. */
  loadOf(assigneeId: string): Promise<number>;
}

export interface LiaisonRepository {
  inCity(cityCode: string): Promise<Liaison[]>;
  all(cityCode?: string): Promise<Liaison[]>;
  findById(userId: string): Promise<Liaison | null>;
  insert(l: Liaison): Promise<void>;
  update(userId: string, expectedVersion: number, changes: Partial<Pick<Liaison, 'name' | 'categories' | 'capacity' | 'active' | 'leaves'>>, at: Date): Promise<Liaison>;
  /** Learns a user from identity events; stale versions are ignored. */
  learn(user: { userId: string; name: string; cityCode: string | null; isLiaison: boolean; version: number }, defaults: Pick<Liaison, 'categories' | 'capacity'>, at: Date): Promise<void>;
  /** Records the round-robin mark of an assignment (written behind; see the Mongo repository). */
  touchAssigned(userId: string, at: Date): void;
  /** Writes the marks not yet written (at stop). */
  flushMarks(): Promise<void>;
}

export interface EnterpriseRepository {
  upsert(e: { enterpriseId: string; cityCode: string; name: string; version: number }): Promise<void>;
  cityOf(enterpriseId: string): Promise<string | null>;
}

export interface UserRepository {
  upsert(u: { userId: string; name: string; role: string; cityCode: string | null; active: boolean; version: number }): Promise<void>;
  /** Active city managers of a city, or province managers when cityCode is null. */
  managers(cityCode: string | null): Promise<string[]>;
}

export interface RulesRepository {
  get(cityCode: string): Promise<RoutingRules>;
  /** Creates (expectedVersion 0) or replaces the rules; a stale version is a conflict. */
  /** `events` builds what the change publishes, from the version it makes. */
  put(rules: Omit<RoutingRules, 'version'>, expectedVersion: number, events?: (version: number) => OutboxEntry[]): Promise<RoutingRules>;
}

export interface Notification {
  id: string;
  userId: string;
  requestId: string;
  kind: 'sla_warning' | 'escalation' | 'unroutable';
  cityCode: string;
  message: string;
  at: Date;
}

export interface NotificationRepository {
  /** Ids are natural keys, so a repeated event stores nothing new. */
  add(n: Notification[]): Promise<void>;
  forUser(userId: string, limit: number): Promise<Notification[]>;
  forRequest(requestId: string): Promise<Notification[]>;
}

export interface AssignmentDeps {
  cases: CaseRepository;
  liaisons: LiaisonRepository;
  enterprises: EnterpriseRepository;
  users: UserRepository;
  rules: RulesRepository;
  notifications: NotificationRepository;
  bureaus: () => BureauData;
  defaultCapacity: number;
  /** Absent: every routing decision reads the roster from the database. */
  rosterCache?: RosterCache;
  now?: () => Date;
}
