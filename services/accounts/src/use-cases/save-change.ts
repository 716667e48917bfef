import { eventFor, type EventActor, type OutboxEntry } from '@metrodesk/events/model';
import { enterpriseFlagged, enterpriseUpdated } from '@metrodesk/contracts';
import { VersionConflictError } from '@metrodesk/errors';
import { toSnapshot, type Enterprise } from '../domain/enterprise';
import type { Change } from '../domain/changes';
import type { AccountsDeps } from './ports';
import { recordEvents } from './record-events';

/** The events a change publishes: `updated` for field changes, one `flagged` per flag. */
export function changeEvents(change: Change, now: Date, correlationId?: string, actor?: EventActor): OutboxEntry[] {
  const snapshot = toSnapshot(change.next);
  const subject = change.next.id;
  const events: OutboxEntry[] = [];
  const fieldChanges = change.changed.filter((c) => !c.startsWith('flags.') && c !== 'records');
  if (fieldChanges.length > 0 || change.flagChanges.length === 0) {
    events.push(eventFor(enterpriseUpdated, { subject, source: 'accounts', time: now, correlationId, actor, data: { ...snapshot, changed: change.changed } }));
  }
  for (const f of change.flagChanges) {
    events.push(eventFor(enterpriseFlagged, { subject, source: 'accounts', time: now, correlationId, actor, data: { ...snapshot, flag: f.flag, value: f.value } }));
  }
  return events;
}

export function checkVersion(current: Enterprise, expected: number | undefined): number {
  if (expected !== undefined && expected !== current.version) throw new VersionConflictError('enterprise', current.id, expected, current.version);
  return expected ?? current.version;
}

/**
 * Stores a change against the version the caller saw. Nothing changed means nothing is
 * written and no event goes out, which keeps re-imports and repeated requests idempotent.
 */
export async function saveChange(deps: AccountsDeps, current: Enterprise, change: Change, expectedVersion: number | undefined, now: Date, actor?: EventActor): Promise<Enterprise> {
  const expected = checkVersion(current, expectedVersion);
  if (change.changed.length === 0) return current;
  const next = { ...change.next, version: expected + 1 };
  const events = [...changeEvents({ ...change, next }, now, undefined, actor), ...recordEvents(current.records, next, now)];
  await deps.enterprises.update(next, expected, events);
  deps.notify();
  return next;
}
