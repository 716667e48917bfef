import { eventFor, type OutboxEntry } from '@metrodesk/events/model';
import { demonstrationNamed, demonstrationRevoked, energyDataCollectionSet, energyReviewed, integrityCommitted, integrityWithdrawn } from '@metrodesk/contracts';
import type { Enterprise } from '../domain/enterprise';
import type { Demonstration, Records } from '../domain/records';

const sameNaming = (a: Demonstration, b: Demonstration) => a.year === b.year && JSON.stringify(a.namedBy) === JSON.stringify(b.namedBy);

/** One event per record that came, went or changed between two versions of an enterprise, whichever way it was asked for. */
export function recordEvents(before: Records, next: Enterprise, now: Date, correlationId?: string): OutboxEntry[] {
  const after = next.records;
  const base = { enterpriseId: next.id, version: next.version, uscc: next.uscc, cityCode: next.cityCode };
  const at = { subject: next.id, source: 'accounts', time: now, correlationId };
  const events: OutboxEntry[] = [];
  for (const c of after.commitments) {
    const was = before.commitments.find((x) => x.id === c.id);
    if (!was || was.signedOn !== c.signedOn) events.push(eventFor(integrityCommitted, { ...at, data: { ...base, commitmentId: c.id, signedOn: c.signedOn, hasDocument: c.document !== null } }));
    if (c.withdrawnOn && !was?.withdrawnOn) events.push(eventFor(integrityWithdrawn, { ...at, data: { ...base, commitmentId: c.id, signedOn: c.signedOn, withdrawnOn: c.withdrawnOn } }));
  }
  for (const d of after.demonstrations) {
    if (!before.demonstrations.some((x) => sameNaming(x, d))) events.push(eventFor(demonstrationNamed, { ...at, data: { ...base, year: d.year, namedBy: d.namedBy, namedOn: d.namedOn } }));
  }
  for (const d of before.demonstrations) {
    if (!after.demonstrations.some((x) => sameNaming(x, d))) events.push(eventFor(demonstrationRevoked, { ...at, data: { ...base, year: d.year, namedBy: d.namedBy } }));
  }
  for (const r of after.energyReviews) {
    if (before.energyReviews.some((x) => x.id === r.id)) continue;
    events.push(eventFor(energyReviewed, { ...at, data: { ...base, reviewId: r.id, date: r.date, reviewers: r.reviewers.length, instrumentsReviewed: r.instrumentsReviewed, followUpRequestIds: r.followUpRequestIds } }));
  }
  if (after.dataCollection.length > before.dataCollection.length) {
    const d = after.dataCollection[after.dataCollection.length - 1]!;
    events.push(eventFor(energyDataCollectionSet, { ...at, data: { ...base, status: d.status, since: d.since, previous: before.dataCollection[before.dataCollection.length - 1]?.status ?? null } }));
  }
  return events;
}
