import { currentContext } from '@metrodesk/logger';
import { localDate, type QualificationFile } from '../domain/qualification';
import { decideVisit, lapsedVisits } from '../domain/visits';
import { VISIT_STATES } from '../domain/lifecycle';
import type { RequestsDeps } from './ports';
import { visitEvent } from './request-events';
import { withRetry } from './add-comment';

const SYSTEM = { userId: 'qualifications', role: 'service' as const };

/**
 * Keeps the newest version of a qualification file, then flags every scheduled visit on which
 * its holder no longer qualifies (lapsed, suspended, revoked): the liaison sees it in the
 * timeline and the queue, and visit_flagged tells anyone else. Returns the visits flagged.
 */
export async function learnQualification(deps: RequestsDeps, f: QualificationFile, at: Date): Promise<number> {
  await deps.qualifications.upsertIfNewer(f);
  // Flags follow the newest files held whatever this event's version; each is keyed by the
  // file version that raised it, so a repeated event never flags twice.
  const ids = await deps.requests.idsWithVisitsOf(f.personKey);
  if (ids.length === 0) return 0;
  const files = (await deps.qualifications.byPersons([f.personKey])).get(f.personKey) ?? [];
  const today = localDate(deps.now?.() ?? new Date());
  // Keyed by the version held (not this event's), so an older event delivered late flags nothing new.
  const held = files.find((x) => x.fileId === f.fileId) ?? f;
  const cause = { fileId: held.fileId, version: held.version };
  let flagged = 0;
  for (const id of ids) {
    flagged += await withRetry(async () => {
      const r = await deps.requests.findById(id);
      if (!r || !VISIT_STATES.includes(r.state)) return 0;
      let next = r;
      const history = [];
      const events = [];
      for (const { visit, refusal } of lapsedVisits(r, f.personKey, files, today, cause)) {
        const flag = { at, personKey: f.personKey, verifierName: refusal.verifier, certificateNo: refusal.certificateNo, reason: refusal.reason, fileId: cause.fileId, fileVersion: cause.version };
        const d = decideVisit(next, { action: 'visit_flagged', visitId: visit.id, flag }, SYSTEM, at, today);
        next = d.next;
        history.push(d.history);
        events.push(visitEvent({ ...next, version: r.version + 1 }, d, SYSTEM.userId, at, currentContext().correlationId, flag, { id: SYSTEM.userId, role: SYSTEM.role }));
      }
      if (history.length === 0) return 0;
      await deps.requests.save({ ...next, version: r.version + 1 }, r.version, { history }, events);
      return history.length;
    });
  }
  return flagged;
}
