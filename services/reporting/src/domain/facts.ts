import { dayOf } from './period';
import { responseKey, type Figures, type Members } from './figures';

/**
 * Facts are what reporting remembers of each request, outreach visit, training session and
 * qualification file. Every reducer here is order-independent and idempotent (highest
 * version wins, earliest instant wins, sets are keyed), so replaying the topics in any
 * interleaving, with late or repeated events, yields the same facts and so the same figures.
 */
export interface EnterpriseFlags {
  contactPoint: boolean;
  keyEnergyUnit: boolean;
}
export const NO_FLAGS: EnterpriseFlags = { contactPoint: false, keyEnergyUnit: false };

export interface RequestFact {
  kind: 'request';
  requestId: string;
  /** Highest version of a requests.* event applied; 0 while only SLA/assignment events are known. */
  version: number;
  enterpriseId?: string;
  cityCode?: string;
  category?: string;
  priority?: string;
  status?: string;
  statusVersion?: number;
  filedAt?: string;
  /** Opened by the bureau for instruments falling due (未诉先办) rather than filed by anyone. */
  proactive?: boolean;
  firstResponseAt?: string;
  /** City from SLA/assignment events, used only until a request event names the city. */
  fallbackCity?: { cityCode: string; at: string };
  resolutions: Record<string, { at: string; solved: boolean; kind: string; version: number }>;
  /** Return visits by the cycle visited: closed with a verdict, or reopened as unsatisfied. */
  visits: Record<string, { at: string; satisfied: boolean; version: number }>;
  /** Closes without a verdict by cycle; `noAnswer` when requests said so (`outcome: 'no_answer'`). */
  unrated?: Record<string, { at: string; noAnswer: boolean; version: number }>;
  /** The liaison the request is assigned to: the latest assignment event by time, then id. */
  liaison?: { id: string | null; at: string; eventId: string };
  clocks: Record<string, { breachedAt?: string; metAt?: string; withinTarget?: boolean }>;
  escalations: Record<string, string>;
  flags: EnterpriseFlags;
}

export interface OutreachFact {
  kind: 'outreach';
  outreachId: string;
  enterpriseId: string;
  cityCode: string;
  date: string;
  flags: EnterpriseFlags;
}

export interface SessionFact {
  kind: 'session';
  sessionId: string;
  cityCode: string;
  endDate: string;
  attendees: number;
  passed: number;
  /** The completion event chosen: the latest by time, then by id, whatever order they came in. */
  eventTime: string;
  eventId: string;
}

export interface FileFact {
  kind: 'file';
  fileId: string;
  version: number;
  personKey: string;
  employerUscc: string;
  cityCode: string;
  /** Earliest event time seen: when the file was archived. */
  firstAt: string;
}

export type Fact = RequestFact | OutreachFact | SessionFact | FileFact;

export const factKey = (f: Fact): string =>
  f.kind === 'request' ? `r:${f.requestId}` : f.kind === 'outreach' ? `o:${f.outreachId}` : f.kind === 'session' ? `t:${f.sessionId}` : `q:${f.fileId}`;

export function emptyRequestFact(requestId: string): RequestFact {
  return { kind: 'request', requestId, version: 0, resolutions: {}, visits: {}, clocks: {}, escalations: {}, flags: NO_FLAGS };
}

const minIso = (a: string | undefined, b: string): string => (a === undefined || Date.parse(b) < Date.parse(a) ? b : a);

export interface RequestRef {
  requestId: string;
  enterpriseId: string;
  cityCode: string;
  category: string;
  priority: string;
  version: number;
  cycle: number;
  at: string;
}

export type RequestChange =
  | { type: 'filed'; source?: string }
  | { type: 'responded' }
  | { type: 'status-changed'; to: string }
  | { type: 'paused' }
  | { type: 'resumed' }
  | { type: 'resolved'; solved: boolean; solutionKind: string }
  | { type: 'reopened'; satisfaction: number | null; reason?: string }
  | { type: 'closed'; satisfied: boolean | null; outcome?: string }
  | { type: 'withdrawn' }
  | { type: 'escalated'; level: string }
  | ImportedChange
  | { type: 'other' };

/** A past request brought in whole: every step of its story at its own date, in one event. */
export interface ImportedChange {
  type: 'imported';
  state: string;
  filedAt: string;
  respondedAt: string | null;
  resolvedAt: string;
  solved: boolean;
  solutionKind: string;
  closedAt: string | null;
  satisfied: boolean | null;
}

const STATUS_AFTER: Partial<Record<RequestChange['type'], string>> = {
  filed: 'filed',
  responded: 'responded',
  paused: 'waiting_enterprise',
  resumed: 'in_progress',
  resolved: 'resolved',
  reopened: 'in_progress',
  closed: 'closed',
  withdrawn: 'withdrawn',
};

export function applyRequestEvent(prev: RequestFact, ref: RequestRef, change: RequestChange): RequestFact {
  const f: RequestFact = structuredClone(prev);
  if (ref.version > f.version) {
    f.version = ref.version;
    f.enterpriseId = ref.enterpriseId;
    f.cityCode = ref.cityCode;
    f.category = ref.category;
    f.priority = ref.priority;
  }
  const status = change.type === 'status-changed' ? change.to : change.type === 'imported' ? change.state : STATUS_AFTER[change.type];
  if (status && ref.version > (f.statusVersion ?? 0)) {
    f.status = status;
    f.statusVersion = ref.version;
  }
  const cycle = String(ref.cycle);
  switch (change.type) {
    case 'filed':
      f.filedAt = minIso(f.filedAt, ref.at);
      if (change.source === 'proactive') f.proactive = true;
      break;
    case 'responded':
      f.firstResponseAt = minIso(f.firstResponseAt, ref.at);
      break;
    case 'resolved': {
      const had = f.resolutions[cycle];
      if (!had || ref.version > had.version) f.resolutions[cycle] = { at: ref.at, solved: change.solved, kind: change.solutionKind, version: ref.version };
      break;
    }
    case 'reopened': {
      // A complaint reopens a closed request: no return visit. An unsatisfied return visit
      // reopens in the next cycle; the verdict belongs to the cycle that was visited.
      if (change.reason === 'complaint') break;
      const visited = String(Math.max(1, ref.cycle - 1));
      const had = f.visits[visited];
      if (!had || ref.version > had.version) f.visits[visited] = { at: ref.at, satisfied: false, version: ref.version };
      break;
    }
    case 'closed': {
      if (change.satisfied === null || change.outcome === 'no_answer') {
        const had = f.unrated?.[cycle];
        if (!had || ref.version > had.version) (f.unrated ??= {})[cycle] = { at: ref.at, noAnswer: change.outcome === 'no_answer', version: ref.version };
        break;
      }
      const had = f.visits[cycle];
      if (!had || ref.version > had.version) f.visits[cycle] = { at: ref.at, satisfied: change.satisfied, version: ref.version };
      break;
    }
    case 'escalated':
      f.escalations[change.level] = minIso(f.escalations[change.level], ref.at);
      break;
    case 'imported':
      applyImported(f, ref, change);
      break;
    default:
      break;
  }
  return f;
}

/** An imported request is one cycle: filed, maybe answered, resolved, and closed with or without a verdict. */
function applyImported(f: RequestFact, ref: RequestRef, c: ImportedChange): void {
  f.filedAt = minIso(f.filedAt, c.filedAt);
  if (c.respondedAt) f.firstResponseAt = minIso(f.firstResponseAt, c.respondedAt);
  const had = f.resolutions['1'];
  if (!had || ref.version > had.version) f.resolutions['1'] = { at: c.resolvedAt, solved: c.solved, kind: c.solutionKind, version: ref.version };
  if (!c.closedAt) return;
  if (c.satisfied === null) {
    if (!f.unrated?.['1'] || ref.version > f.unrated['1'].version) (f.unrated ??= {})['1'] = { at: c.closedAt, noAnswer: true, version: ref.version };
  } else if (!f.visits['1'] || ref.version > f.visits['1'].version) {
    f.visits['1'] = { at: c.closedAt, satisfied: c.satisfied, version: ref.version };
  }
}

export type ClockChange = { type: 'breached' } | { type: 'met'; withinTarget: boolean } | { type: 'other' };

export function applyClockEvent(prev: RequestFact, e: { cityCode: string; cycle: number; clock: string; at: string }, change: ClockChange): RequestFact {
  const f = withFallbackCity(structuredClone(prev), e.cityCode, e.at);
  const key = `${e.cycle}:${e.clock}`;
  const c = (f.clocks[key] ??= {});
  if (change.type === 'breached') c.breachedAt = minIso(c.breachedAt, e.at);
  if (change.type === 'met' && (c.metAt === undefined || Date.parse(e.at) < Date.parse(c.metAt))) {
    c.metAt = e.at;
    c.withinTarget = change.withinTarget;
  }
  return f;
}

export function applyAssignmentEscalation(prev: RequestFact, e: { cityCode: string; level: string; at: string }): RequestFact {
  const f = withFallbackCity(structuredClone(prev), e.cityCode, e.at);
  f.escalations[e.level] = minIso(f.escalations[e.level], e.at);
  return f;
}

/** Assignment and transfer events: the latest (by time, then event id) names the liaison. */
export function applyAssignment(prev: RequestFact, e: { cityCode: string; liaisonId: string | null; at: string; eventId: string }): RequestFact {
  const f = withFallbackCity(structuredClone(prev), e.cityCode, e.at);
  const cur = f.liaison;
  if (!cur || e.at > cur.at || (e.at === cur.at && e.eventId > cur.eventId)) f.liaison = { id: e.liaisonId, at: e.at, eventId: e.eventId };
  return f;
}

function withFallbackCity(f: RequestFact, cityCode: string, at: string): RequestFact {
  const cur = f.fallbackCity;
  if (!cur || at > cur.at || (at === cur.at && cityCode > cur.cityCode)) f.fallbackCity = { cityCode, at };
  return f;
}

export function applySessionCompleted(prev: SessionFact | null, next: SessionFact): SessionFact {
  if (!prev) return next;
  const newer = next.eventTime > prev.eventTime || (next.eventTime === prev.eventTime && next.eventId > prev.eventId);
  return newer ? next : prev;
}

export function applyFileEvent(prev: FileFact | null, next: FileFact): FileFact {
  if (!prev) return next;
  const base = next.version > prev.version ? next : prev;
  return { ...base, firstAt: minIso(prev.firstAt, next.firstAt) };
}

/** A file without a city is counted in the city of its employer's USCC (positions 3-6). */
export function cityOfUscc(uscc: string): string {
  return `${uscc.slice(2, 6)}00`;
}

export interface Contribution {
  cityCode: string;
  day: string;
  f: Figures;
  m: Members;
}

const DAY_MS = 24 * 3600 * 1000;

/** What one fact adds to each (city, day): a pure function of the fact. */
export function contributions(fact: Fact): Contribution[] {
  const byDay = new Map<string, Contribution>();
  const at = (cityCode: string, day: string): Contribution => {
    const key = `${cityCode}|${day}`;
    let c = byDay.get(key);
    if (!c) byDay.set(key, (c = { cityCode, day, f: {}, m: {} }));
    return c;
  };
  const inc = (c: Contribution, k: keyof Figures, n = 1) => {
    (c.f as Record<string, number>)[k] = ((c.f as Record<string, number>)[k] ?? 0) + n;
  };
  const incMap = (c: Contribution, k: 'byCategory' | 'byStatus' | 'responseHist' | 'responseBy' | 'onTargetBy' | 'visitsBy' | 'satisfiedBy' | 'noAnswerBy', key: string) => {
    const map = (c.f[k] ??= {});
    map[key] = (map[key] ?? 0) + 1;
  };
  const serve = (c: Contribution, enterpriseId: string, flags: EnterpriseFlags) => {
    c.m.served = [enterpriseId];
    if (flags.contactPoint) c.m.contactPoint = [enterpriseId];
    if (flags.keyEnergyUnit) c.m.keyEnergy = [enterpriseId];
  };

  switch (fact.kind) {
    case 'outreach': {
      const c = at(fact.cityCode, fact.date);
      inc(c, 'outreach');
      serve(c, fact.enterpriseId, fact.flags);
      break;
    }
    case 'session': {
      const c = at(fact.cityCode, fact.endDate);
      inc(c, 'trainingSessions');
      inc(c, 'peopleTrained', fact.attendees);
      inc(c, 'trainingPassed', fact.passed);
      break;
    }
    case 'file': {
      const c = at(fact.cityCode, dayOf(fact.firstAt));
      inc(c, 'qualificationFiles');
      c.m.persons = [fact.personKey];
      c.m.units = [fact.employerUscc];
      break;
    }
    case 'request': {
      const city = fact.cityCode ?? fact.fallbackCity?.cityCode;
      if (!city) break;
      if (fact.filedAt && fact.category) {
        const c = at(city, dayOf(fact.filedAt));
        inc(c, 'requests');
        if (fact.proactive) inc(c, 'proactiveRequests');
        incMap(c, 'byCategory', fact.category);
        incMap(c, 'byStatus', fact.status ?? 'filed');
        if (fact.firstResponseAt) {
          const ms = Date.parse(fact.firstResponseAt) - Date.parse(fact.filedAt);
          inc(c, 'responseDue');
          if (ms <= DAY_MS) inc(c, 'respondedWithin24h');
          incMap(c, 'responseHist', String(responseKey(ms)));
        } else if (fact.clocks['1:response']?.breachedAt) {
          inc(c, 'responseDue');
        }
      }
      const cycles = Object.keys(fact.resolutions).sort((a, b) => Number(a) - Number(b));
      for (const cycle of cycles) {
        const r = fact.resolutions[cycle]!;
        const c = at(city, dayOf(r.at));
        inc(c, 'solutions');
        if (fact.enterpriseId) serve(c, fact.enterpriseId, fact.flags);
      }
      const lastSolved = cycles.filter((cy) => fact.resolutions[cy]!.solved).pop();
      if (lastSolved) inc(at(city, dayOf(fact.resolutions[lastSolved]!.at)), 'problemsSolved');
      const liaisonKey = `l:${fact.liaison?.id ?? ''}`;
      for (const v of Object.values(fact.visits)) {
        const c = at(city, dayOf(v.at));
        inc(c, 'returnVisits');
        incMap(c, 'visitsBy', liaisonKey);
        if (v.satisfied) {
          inc(c, 'satisfied');
          incMap(c, 'satisfiedBy', liaisonKey);
        }
      }
      for (const [cycle, u] of Object.entries(fact.unrated ?? {})) {
        // "No answer": requests said so, or the close came after the return-visit deadline passed.
        if (fact.visits[cycle] || !(u.noAnswer || fact.clocks[`${cycle}:return_visit`]?.breachedAt)) continue;
        const c = at(city, dayOf(u.at));
        inc(c, 'noAnswer');
        incMap(c, 'noAnswerBy', liaisonKey);
      }
      for (const [key, clock] of Object.entries(fact.clocks)) {
        const kind = key.split(':')[1];
        if (kind === 'response' && (clock.metAt || clock.breachedAt)) {
          const decided = [clock.metAt, clock.breachedAt].filter((x): x is string => x !== undefined).reduce(minIso);
          const c = at(city, dayOf(decided));
          const onTarget = clock.withinTarget === true && !clock.breachedAt;
          inc(c, 'responseSamples');
          if (onTarget) inc(c, 'respondedOnTarget');
          for (const k of [`p:${fact.priority ?? ''}`, `c:${fact.category ?? ''}`, liaisonKey]) {
            incMap(c, 'responseBy', k);
            if (onTarget) incMap(c, 'onTargetBy', k);
          }
        }
        if (clock.breachedAt && kind !== 'return_visit') inc(at(city, dayOf(clock.breachedAt)), kind === 'response' ? 'breachesResponse' : 'breachesResolution');
        if (kind === 'resolution' && clock.metAt) {
          const c = at(city, dayOf(clock.metAt));
          inc(c, 'resolutionsTimed');
          if (clock.withinTarget && !clock.breachedAt) inc(c, 'resolvedOnTime');
        }
      }
      for (const [level, when] of Object.entries(fact.escalations)) inc(at(city, dayOf(when)), level === 'province' ? 'escalationsProvince' : 'escalationsCity');
      break;
    }
  }
  return [...byDay.values()];
}
