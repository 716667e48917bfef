import { currentContext } from '@metrodesk/logger';
import { decide, type Actor, type Command } from '../domain/decide';
import { TRANSITIONS } from '../domain/lifecycle';
import type { ServiceRequest } from '../domain/request';
import type { RequestsDeps } from './ports';
import { decisionEvents } from './request-events';
import { withRetry } from './add-comment';
import { UnknownRequestError } from './apply-assignment';

/**
 * Applies a command another service's event implies (the return-visit deadline, a policy
 * escalation) when it still fits: `fits` sees the request as stored now, so a repeated or
 * overtaken event changes nothing. Returns whether it was applied.
 */
export async function applySystemAction(deps: RequestsDeps, requestId: string, command: Command, by: Actor, at: Date, fits: (r: ServiceRequest) => boolean, publish = true): Promise<boolean> {
  return withRetry(async () => {
    const r = await deps.requests.findById(requestId);
    if (!r) throw new UnknownRequestError(requestId);
    if (!TRANSITIONS[r.state][command.action] || !fits(r)) return false;
    const d = decide(r, command, by, at);
    const next = { ...d.next, version: r.version + 1 };
    const events = publish ? decisionEvents(next, d, command.action, by.userId, at, currentContext().correlationId, { id: by.userId, role: by.role }) : [];
    await deps.requests.save(next, r.version, { history: [d.history] }, events);
    return true;
  });
}

/** The return-visit deadline passed: a request still waiting for its return visit closes as no answer. */
export async function closeUnanswered(deps: RequestsDeps, requestId: string, cycle: number, at: Date): Promise<boolean> {
  return applySystemAction(deps, requestId, { action: 'close_no_answer' }, { userId: 'sla', role: 'service' }, at, (r) => r.state === 'resolved' && r.cycle === cycle);
}

/**
 * The policy escalated the request (through assignment): the record shows level, when and why.
 * Not published again as requests.request.escalated: assignment already announced it.
 */
export async function applyPolicyEscalation(deps: RequestsDeps, requestId: string, level: 'city' | 'province', reason: string, at: Date): Promise<boolean> {
  const rank = { city: 1, province: 2 };
  return applySystemAction(
    deps,
    requestId,
    { action: 'escalate', level, reason },
    { userId: 'assignment', role: 'service' },
    at,
    (r) => (r.escalation ? rank[r.escalation.level] : 0) < rank[level],
    false,
  );
}
