import type { EventActor } from '@metrodesk/events/model';
import { ROLES, type Role } from '@metrodesk/access';
import type { HistoryEntry } from '../domain/request';
import { currentContext } from '@metrodesk/logger';
import { decide, type Command } from '../domain/decide';
import { IllegalTransitionError, TRANSITIONS } from '../domain/lifecycle';
import type { RequestsDeps } from './ports';
import { decisionEvents } from './request-events';
import { withRetry } from './add-comment';

export interface AssigneeChange {
  requestId: string;
  assigneeId: string | null;
  /** The assignee by name, when the event names them. */
  assigneeName?: string | null;
  /** Set by a transfer to another city. */
  cityCode?: string;
  via: 'assign' | 'transfer';
  reason?: string;
  by: string;
  /** Who decided, as the assignment event names them; events without one name nobody. */
  actor?: EventActor;
  at: Date;
}

/**
 * The request is not in this service's database. It cannot be "not here yet": a request is
 * stored before its filing is published, and assignment and SLA act only on that event. So
 * the event belongs to another deployment sharing the broker (tests) or to wiped data, and
 * the consumers skip it instead of retrying it into the DLQ (which made catching up on a
 * backlogged broker take minutes).
 */
export class UnknownRequestError extends Error {
  constructor(id: string) {
    super(`request ${id} is not known here`);
    this.name = 'UnknownRequestError';
  }
}

function commandFor(c: AssigneeChange, state: string, currentAssignee: string | null, currentCity: string): Command | null {
  if (state === 'filed' && c.assigneeId) return { action: 'assign', assigneeId: c.assigneeId, assigneeName: c.assigneeName };
  if (c.via === 'transfer') {
    const toAssigneeId = c.assigneeId && c.assigneeId !== currentAssignee ? c.assigneeId : undefined;
    const toCityCode = c.cityCode && c.cityCode !== currentCity ? c.cityCode : undefined;
    return toAssigneeId || toCityCode ? { action: 'transfer', toAssigneeId, toAssigneeName: toAssigneeId ? c.assigneeName : undefined, toCityCode, reason: c.reason ?? 'transferred by assignment' } : null;
  }
  return c.assigneeId && c.assigneeId !== currentAssignee ? { action: 'assign', assigneeId: c.assigneeId, assigneeName: c.assigneeName } : null;
}

/** The timeline names the person who assigned (a manager, a liaison claiming), not the service relaying it. */
function byActor(h: HistoryEntry, actor: EventActor | undefined): HistoryEntry {
  if (!actor) return h;
  const role = (ROLES as readonly string[]).includes(actor.role) ? (actor.role as Role) : h.byRole;
  return { ...h, by: actor.id, byRole: role, byName: actor.name ?? null };
}

/**
 * Applies the assignment service's decision. Idempotent: an event no newer than the last one
 * applied (assignedAt) changes nothing, and one that names the current assignee is a no-op.
 * Returns what happened, for logs and tests.
 */
export async function applyAssignment(deps: RequestsDeps, c: AssigneeChange): Promise<'applied' | 'stale' | 'ignored'> {
  return withRetry(async () => {
    const r = await deps.requests.findById(c.requestId);
    if (!r) throw new UnknownRequestError(c.requestId);
    if (r.assignedAt && r.assignedAt.getTime() >= c.at.getTime()) return 'stale';
    const command = commandFor(c, r.state, r.assigneeId, r.cityCode);
    if (!command || !TRANSITIONS[r.state][command.action]) return 'ignored';
    let d;
    try {
      d = decide(r, command, { userId: c.by, role: 'service' }, c.at);
      d = { ...d, history: byActor(d.history, c.actor) };
    } catch (err) {
      if (err instanceof IllegalTransitionError) return 'ignored';
      throw err;
    }
    const next = { ...d.next, cityCode: c.cityCode ?? d.next.cityCode, assignedAt: c.at, version: r.version + 1 };
    const events = decisionEvents(next, d, command.action, c.by, c.at, currentContext().correlationId, c.actor);
    await deps.requests.save(next, r.version, { history: [d.history] }, events);
    return 'applied';
  });
}
