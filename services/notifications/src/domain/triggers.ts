import type { Audience, Details, Kind, Trigger } from './kinds';
import type { RequestFacts } from './people';

/** An event as the decision needs it: its id, type and (already validated) data. */
export interface Happening {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

const enterprise: Audience = { to: 'enterprise' };
const assignee: Audience = { to: 'assignee' };
const cityManagers: Audience = { to: 'city_managers' };
const provinceManagers: Audience = { to: 'province_managers' };

/** Events that settle a request's state whether or not a status change came with them. */
const SETTLING: Record<string, string> = { 'requests.request.resolved': 'resolved', 'requests.request.closed': 'closed', 'requests.request.withdrawn': 'withdrawn', 'requests.request.reopened': 'in_progress' };

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * What an event teaches about its request: request events carry the enterprise, city and
 * state; assignment events the assignee. Facts from an older request version are ignored.
 */
export function learn(current: RequestFacts | null, e: Happening): RequestFacts | null {
  const d = e.data;
  const requestId = str(d.requestId);
  const cityCode = str(d.cityCode);
  if (!requestId || !cityCode) return current;
  const base: RequestFacts = current ?? { requestId, enterpriseId: null, cityCode, title: null, number: null, priority: null, assigneeId: null, state: null, responseDeadline: null };
  const next = { ...base };
  if (e.type.startsWith('requests.request.')) {
    next.enterpriseId = str(d.enterpriseId) ?? next.enterpriseId;
    next.cityCode = cityCode;
    next.priority = (str(d.priority) as RequestFacts['priority']) ?? next.priority;
    next.number = str(d.number) ?? next.number ?? null;
    if (e.type === 'requests.request.filed') {
      next.title = str(d.title) ?? next.title;
      next.state = next.state ?? 'filed';
    }
    if (e.type === 'requests.request.status-changed') next.state = str(d.to) ?? next.state;
    const settled = SETTLING[e.type];
    if (settled) next.state = settled;
  }
  if (d.clock === 'response' || d.clock === 'resolution') next.risk = riskAfter(next.risk ?? null, e);
  if (isFirstResponseClock(e)) next.responseDeadline = str(d.deadline) ?? next.responseDeadline;
  if (e.type.startsWith('assignment.assignment.')) {
    // Assignment may be heard of before the filing: its events carry the number and title too.
    next.number = next.number ?? str(d.number) ?? null;
    next.title = next.title ?? str(d.title) ?? null;
  }
  if (e.type === 'assignment.assignment.assigned') next.assigneeId = str(d.assigneeId) ?? next.assigneeId;
  if (e.type === 'assignment.assignment.transferred') {
    next.assigneeId = (d.toAssigneeId as string | null) ?? null;
    next.cityCode = str(d.toCityCode) ?? next.cityCode;
  }
  return next;
}

/** A warning at 75 % puts a request at risk, a breach makes it late, and a clock started or met starts afresh. */
function riskAfter(risk: RequestFacts['risk'], e: Happening): RequestFacts['risk'] {
  if (e.type === 'sla.clock.breached') return 'breached';
  if (e.type === 'sla.clock.warning') return risk === 'breached' || (e.data.threshold as number) < 75 ? (risk ?? null) : 'at_risk';
  if (e.type === 'sla.clock.started' || e.type === 'sla.clock.met') return null;
  return risk ?? null;
}

/** The response clock of the first cycle: its deadline is the one promised when the request is received. */
function isFirstResponseClock(e: Happening): boolean {
  return e.type === 'sla.clock.started' && e.data.clock === 'response' && e.data.cycle === 1;
}

/** A visit as its message quotes it: the day, the half day and the verifiers by name. */
function visitDetails(d: Record<string, unknown>): Details {
  const verifiers = Array.isArray(d.verifiers) ? d.verifiers.map((v) => str((v as { name?: unknown }).name)).filter((n): n is string => !!n) : [];
  return { visitDate: str(d.date), slot: d.slot as Details['slot'], verifiers };
}

function trigger(e: Happening, facts: RequestFacts, kind: Kind, audiences: Audience[], details: Details = {}): Trigger {
  return { eventId: e.id, kind, requestId: facts.requestId, audiences, details, urgent: facts.priority === 'emergency', at: str(e.data.at) ?? new Date().toISOString() };
}

/**
 * Who is told what (issue #19), given the request as known after the event. Null when the
 * event tells nobody anything.
 */
export function decide(e: Happening, facts: RequestFacts): Trigger | null {
  const d = e.data;
  switch (e.type) {
    case 'requests.request.filed':
      return trigger(e, facts, 'request_received', [enterprise], { deadline: facts.responseDeadline ?? undefined });
    case 'sla.clock.started':
      // The clock and the filing come on different topics in either order: when the filing
      // came first its message lacked the deadline, so a short second message carries it;
      // otherwise the filing's message quotes the deadline learnt here and this says nothing.
      return isFirstResponseClock(e) && facts.title !== null ? trigger(e, facts, 'response_deadline', [enterprise], { deadline: str(d.deadline) }) : null;
    case 'requests.request.visit-scheduled':
      return trigger(e, facts, 'visit_scheduled', [enterprise], visitDetails(d));
    case 'requests.request.visit-rescheduled':
      return trigger(e, facts, 'visit_rescheduled', [enterprise], visitDetails(d));
    case 'requests.request.visit-flagged':
      return trigger(e, facts, 'visit_flagged', [assignee], { ...visitDetails(d), verifierName: str(d.verifierName) });
    case 'requests.request.responded':
      return trigger(e, facts, 'request_responded', [enterprise]);
    case 'requests.request.status-changed':
      if (d.to === 'waiting_enterprise') return trigger(e, facts, 'question_asked', [enterprise]);
      if (d.from === 'waiting_enterprise') return trigger(e, facts, 'enterprise_answered', [assignee]);
      return null;
    case 'requests.request.resolved':
      return trigger(e, facts, 'request_resolved', [enterprise]);
    case 'requests.request.closed':
      return trigger(e, facts, 'request_closed', [enterprise]);
    case 'requests.request.reopened':
      return trigger(e, facts, 'return_unsatisfied', [assignee]);
    case 'assignment.assignment.assigned':
    case 'assignment.assignment.transferred':
      return facts.assigneeId ? trigger(e, facts, 'assigned_to_you', [assignee]) : null;
    case 'assignment.assignment.unroutable':
      return trigger(e, facts, 'unroutable', [cityManagers], { reason: str(d.reason) });
    case 'assignment.assignment.escalated':
      return trigger(e, facts, 'escalated', [{ to: 'users', userIds: (d.notifiedUserIds as string[]) ?? [] }], { level: d.level as Details['level'], reason: str(d.reason) });
    case 'sla.clock.warning':
      // The return-visit clock's warning is the enterprise's reminder to rate; the others warn the liaison.
      if (d.clock === 'return_visit') return trigger(e, facts, 'return_visit_due', [enterprise], { deadline: str(d.deadline) });
      return trigger(e, facts, 'sla_warning', [assignee], { threshold: d.threshold as number, deadline: str(d.deadline) });
    case 'sla.clock.breached':
      // A return visit past its deadline closes the request as "no answer": nobody is late.
      if (d.clock === 'return_visit') return null;
      return trigger(e, facts, 'sla_breached', [assignee, cityManagers], { deadline: str(d.deadline) });
    case 'sla.clock.escalated':
      return trigger(e, facts, 'escalated', [d.level === 'province' ? provinceManagers : cityManagers], { level: d.level as Details['level'], deadline: str(d.deadline) });
    default:
      return null;
  }
}
