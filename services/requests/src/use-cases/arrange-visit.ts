import { actorFor, type Identity } from '@metrodesk/access';
import { ForbiddenError, VersionConflictError } from '@metrodesk/errors';
import { uuidv7 } from '@metrodesk/events/model';
import { currentContext } from '@metrodesk/logger';
import { assigneeOrManager } from '../domain/permissions';
import { localDate } from '../domain/qualification';
import type { ServiceRequest } from '../domain/request';
import { decideVisit, type Candidate, type VisitCommand, type VisitPlan } from '../domain/visits';
import type { RequestsDeps } from './ports';
import { getRequest } from './get-request';
import { visitEvent } from './request-events';

/** What the caller asks; the verifiers are named by personKey and their files looked up here. */
export type VisitRequest =
  | { action: 'schedule'; plan: Omit<VisitPlan, 'siteAddress' | 'instruments'> & Partial<Pick<VisitPlan, 'siteAddress' | 'instruments'>>; verifierKeys: string[] }
  | { action: 'reschedule'; visitId: string; plan: Omit<VisitPlan, 'siteAddress' | 'instruments'> & Partial<Pick<VisitPlan, 'siteAddress' | 'instruments'>>; verifierKeys: string[] }
  | { action: 'cancel'; visitId: string; reason: string }
  | { action: 'complete'; visitId: string; verified: { class: string; count: number }[]; freeOfCharge: boolean; certificateNos: string[]; note: string | null };

async function candidates(deps: RequestsDeps, keys: string[]): Promise<Candidate[]> {
  const [files, links] = await Promise.all([deps.qualifications.byPersons(keys), deps.qualifications.links(keys)]);
  return keys.map((personKey) => ({ personKey, files: files.get(personKey) ?? [], userId: links.get(personKey)?.userId ?? null }));
}

/**
 * Schedules, changes, cancels or completes a visit on a request (the assignee or a manager in
 * scope). The request's `version` guards it like every other action; the visit, its history
 * line and its event are one write.
 */
export async function arrangeVisit(deps: RequestsDeps, who: Identity, id: string, version: number, req: VisitRequest): Promise<ServiceRequest> {
  const current = await getRequest(deps, who, id);
  if (current.version !== version) throw new VersionConflictError('request', id, version, current.version);
  if (!assigneeOrManager(who, current)) throw new ForbiddenError(`Only the assignee (${current.assigneeId ?? 'none yet'}) or a manager may arrange visits.`);
  const at = deps.now?.() ?? new Date();
  let command: VisitCommand;
  switch (req.action) {
    case 'schedule':
    case 'reschedule': {
      const previous = req.action === 'reschedule' ? current.visits.find((v) => v.id === req.visitId) : undefined;
      const plan: VisitPlan = {
        date: req.plan.date,
        slot: req.plan.slot,
        siteAddress: req.plan.siteAddress ?? previous?.siteAddress ?? current.siteAddress,
        instruments: req.plan.instruments ?? previous?.instruments ?? current.instruments.map((i) => ({ class: i.class, count: i.count })),
      };
      const verifiers = await candidates(deps, req.verifierKeys);
      command = req.action === 'schedule' ? { action: 'visit_scheduled', visitId: uuidv7(at.getTime()), plan, verifiers } : { action: 'visit_rescheduled', visitId: req.visitId, plan, verifiers };
      break;
    }
    case 'cancel':
      command = { action: 'visit_cancelled', visitId: req.visitId, reason: req.reason };
      break;
    case 'complete':
      command = { action: 'visit_completed', visitId: req.visitId, verified: req.verified, freeOfCharge: req.freeOfCharge, certificateNos: req.certificateNos, note: req.note };
      break;
  }
  const d = decideVisit(current, command, who, at, localDate(at));
  const next = { ...d.next, version: version + 1 };
  const saved = await deps.requests.save(next, version, { history: [d.history] }, [visitEvent(next, d, who.userId, at, currentContext().correlationId, undefined, actorFor(who))]);
  return saved;
}
