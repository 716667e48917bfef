import { eventFor, type EventDefinition } from '@metrodesk/events/model';
import type { Identity } from '@metrodesk/access';
import { VersionConflictError } from '@metrodesk/errors';
import type { z } from 'zod';
import { assertAllowed, historyEntry, toSnapshot, type HistoryAction, type QualificationFile } from '../domain/qualification';
import { requireFiler, visibleOrMissing } from './access';
import type { QualificationsDeps } from './ports';

type ManualAction = Extract<HistoryAction, 'renewed' | 'revoked' | 'suspended' | 'reinstated'>;

/**
 * The shape every manual change shares: the caller must see the file (else 404) and be a filer
 * (else 403); the client's version must be current (else 409); the action must be allowed from
 * the file's status; then the new state, a history entry and the event go in one write.
 */
export async function changeFile<S extends z.ZodType>(
  deps: QualificationsDeps,
  who: Identity,
  id: string,
  expectedVersion: number,
  action: ManualAction,
  reason: string | null,
  event: EventDefinition<S>,
  mutate: (f: QualificationFile, now: Date) => Omit<QualificationFile, 'version' | 'updatedAt' | 'history'>,
): Promise<QualificationFile> {
  const current = await visibleOrMissing(deps, who, await deps.files.findById(id), id);
  requireFiler(who);
  if (current.version !== expectedVersion) throw new VersionConflictError('qualification_file', id, expectedVersion, current.version);
  assertAllowed(action, current);
  const now = deps.now?.() ?? new Date();
  const next: QualificationFile = { ...mutate(current, now), history: current.history, version: current.version + 1, updatedAt: now };
  const entry = historyEntry(next, action, who.userId, now, current.status, reason);
  const data = reason === null ? toSnapshot(next) : { ...toSnapshot(next), reason };
  const written = await deps.files.applyChange(current, next, entry, [eventFor(event, { subject: id, data: data as z.input<S>, source: 'qualifications', time: now })]);
  if (!written) {
    const latest = await deps.files.findById(id);
    throw new VersionConflictError('qualification_file', id, expectedVersion, latest?.version ?? expectedVersion + 1);
  }
  deps.notify();
  return { ...next, history: [...current.history, entry] };
}
