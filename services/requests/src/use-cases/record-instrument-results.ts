import { actorFor, type Identity } from '@metrodesk/access';
import { ConflictError } from '@metrodesk/errors';
import { currentContext } from '@metrodesk/logger';
import { canRecordVerified, recordResults, ELSEWHERE_SOLUTION, OPEN_PROACTIVE_STATES, type InstrumentOutcome, type ResultInput } from '../domain/due-instruments';
import type { Decision } from '../domain/decide';
import type { HistoryEntry, ServiceRequest } from '../domain/request';
import { localDate } from '../domain/qualification';
import type { RequestsDeps } from './ports';
import { BUREAU, ENTERPRISE, byOf, requestToChange, saveChange } from './save-change';
import { decisionEvents, instrumentResultsEvent } from './request-events';

/**
 * Results for a request's listed instruments, published for the registry: the enterprise
 * declines instruments as verified elsewhere (with the certificate) while the request is open;
 * the bureau names those it verified once a visit is completed or the request is resolved.
 * Declining every listed instrument resolves the request (已在他处检定).
 */
export async function recordInstrumentResults(deps: RequestsDeps, who: Identity, id: string, version: number, outcome: InstrumentOutcome, items: ResultInput[]): Promise<ServiceRequest> {
  const elsewhere = outcome === 'verified_elsewhere';
  const current = await requestToChange(deps, who, id, version, elsewhere ? ENTERPRISE : BUREAU, elsewhere ? 'Only the enterprise declines its instruments as verified elsewhere.' : 'Only bureau staff record instruments they verified.');
  if (elsewhere && !OPEN_PROACTIVE_STATES.includes(current.state)) {
    throw new ConflictError('illegal_transition', `Instruments are declined on an open request; this one is ${current.state.replace(/_/g, ' ')}.`, { state: current.state, action: 'decline_instruments' });
  }
  if (!elsewhere && !canRecordVerified(current)) {
    throw new ConflictError('illegal_transition', 'Verified instruments are named once a visit is completed or the request is resolved.', { state: current.state, action: 'record_verified' });
  }
  const at = deps.now?.() ?? new Date();
  const by = byOf(who);
  const change = recordResults(current, items, outcome, localDate(at), by, at);
  const correlationId = currentContext().correlationId;
  const actor = actorFor(who);
  if (!(elsewhere && change.allElsewhere)) return saveChange(deps, current, change, (next) => [instrumentResultsEvent(next, change.recorded, who.userId, at, correlationId, actor)]);

  // Nothing is left for the bureau to do: the request resolves in the enterprise's words.
  const resolved: ServiceRequest = { ...change.next, state: 'resolved', solution: { text: ELSEWHERE_SOLUTION, solved: true, kind: 'other', by: who.userId, at } };
  const line: HistoryEntry = { at, by: who.userId, byRole: who.role, byName: by.name ?? null, action: 'resolve', from: current.state, to: 'resolved', note: ELSEWHERE_SOLUTION };
  const decision = (next: ServiceRequest): Decision => ({ next, from: current.state, history: line, signals: [{ kind: 'status-changed' }, { kind: 'resolved' }] });
  return saveChange(deps, current, { next: resolved, history: change.history }, (next) => [instrumentResultsEvent(next, change.recorded, who.userId, at, correlationId, actor), ...decisionEvents(next, decision(next), 'resolve', who.userId, at, correlationId, actor)], [line]);
}
