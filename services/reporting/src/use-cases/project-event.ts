import {
  applyAssignment,
  applyAssignmentEscalation,
  applyClockEvent,
  applyFileEvent,
  applyRequestEvent,
  applySessionCompleted,
  contributions,
  emptyRequestFact,
  factKey,
  type ClockChange,
  type Fact,
  type FileFact,
  type OutreachFact,
  type RequestChange,
  type RequestFact,
  type RequestRef,
  type SessionFact,
} from '../domain/facts';
import type { EnterpriseSnapshot, ProjectionDeps } from './ports';

/**
 * Stores the new state of a fact, then its contributions. A fact that carries an enterprise
 * takes the enterprise's current flags; the flags are read again after the write so that a
 * flag change racing with this event is never lost (the enterprise handler re-flags facts
 * after it stores the snapshot, and this re-check covers the other interleaving).
 */
function project(deps: ProjectionDeps, key: string, fn: (prev: Fact | null) => Fact | null): Promise<void> {
  return deps.model.exclusive(key, () => projectAlone(deps, key, fn));
}

async function projectAlone(deps: ProjectionDeps, key: string, fn: (prev: Fact | null) => Fact | null): Promise<void> {
  const withFlags = async (prev: Fact | null): Promise<Fact | null> => {
    const next = fn(prev);
    if (next && (next.kind === 'request' || next.kind === 'outreach') && next.enterpriseId) return { ...next, flags: await deps.model.enterpriseFlags(next.enterpriseId) };
    return next;
  };
  let fact = await deps.model.updateFact(key, withFlags);
  if (fact && (fact.kind === 'request' || fact.kind === 'outreach') && fact.enterpriseId) {
    const flags = await deps.model.enterpriseFlags(fact.enterpriseId);
    if (flags.contactPoint !== fact.flags.contactPoint || flags.keyEnergyUnit !== fact.flags.keyEnergyUnit) fact = await deps.model.updateFact(key, withFlags);
  }
  await deps.model.syncContributions(key, fact ? contributions(fact) : []);
}

export async function projectRequestEvent(deps: ProjectionDeps, ref: RequestRef, change: RequestChange): Promise<void> {
  await project(deps, `r:${ref.requestId}`, (prev) => applyRequestEvent((prev as RequestFact | null) ?? emptyRequestFact(ref.requestId), ref, change));
}

export async function projectClockEvent(deps: ProjectionDeps, e: { requestId: string; cityCode: string; cycle: number; clock: string; at: string }, change: ClockChange): Promise<void> {
  if (change.type === 'other') return;
  await project(deps, `r:${e.requestId}`, (prev) => applyClockEvent((prev as RequestFact | null) ?? emptyRequestFact(e.requestId), e, change));
}

export async function projectEscalation(deps: ProjectionDeps, e: { requestId: string; cityCode: string; level: string; at: string }): Promise<void> {
  await project(deps, `r:${e.requestId}`, (prev) => applyAssignmentEscalation((prev as RequestFact | null) ?? emptyRequestFact(e.requestId), e));
}

export async function projectAssignment(deps: ProjectionDeps, e: { requestId: string; cityCode: string; liaisonId: string | null; at: string; eventId: string }): Promise<void> {
  await project(deps, `r:${e.requestId}`, (prev) => applyAssignment((prev as RequestFact | null) ?? emptyRequestFact(e.requestId), e));
}

export async function projectOutreach(deps: ProjectionDeps, o: Omit<OutreachFact, 'kind' | 'flags'>): Promise<void> {
  const fact: OutreachFact = { kind: 'outreach', ...o, flags: { contactPoint: false, keyEnergyUnit: false } };
  await project(deps, factKey(fact), () => fact);
}

export async function projectSession(deps: ProjectionDeps, s: Omit<SessionFact, 'kind'>): Promise<void> {
  const fact: SessionFact = { kind: 'session', ...s };
  await project(deps, factKey(fact), (prev) => applySessionCompleted(prev as SessionFact | null, fact));
}

export async function projectFile(deps: ProjectionDeps, q: Omit<FileFact, 'kind'>): Promise<void> {
  const fact: FileFact = { kind: 'file', ...q };
  await project(deps, factKey(fact), (prev) => applyFileEvent(prev as FileFact | null, fact));
}

/** A newer enterprise snapshot may change its flags: every fact of that enterprise is re-flagged. */
export async function projectEnterprise(deps: ProjectionDeps, e: EnterpriseSnapshot): Promise<void> {
  await deps.model.saveEnterprise(e);
  for (const key of await deps.model.factKeysOfEnterprise(e.enterpriseId)) await project(deps, key, (prev) => prev);
}
