import { eventFor, SYSTEM_ACTOR, type OutboxEntry } from '@metrodesk/events/model';
import { instrumentsDue, instrumentsOverdueCompulsory } from '@metrodesk/contracts';
import { cityOverdueEventId, dueBatches, dueEventId, overdueCompulsoryByCity, scanUntil, type CityOverdue, type DueBatch } from '../domain/instrument-due';
import { bureauDay } from '../domain/outreach';
import type { Instrument } from '../domain/instrument';
import type { AccountsDeps } from './ports';

export interface DueScanResult {
  runDate: string;
  /** Enterprises with instruments falling due today. */
  enterprises: number;
  /** Of those, the ones whose event this scan stored; the others had theirs from an earlier scan of the day. */
  published: number;
  instruments: number;
}

/** The event of one enterprise's run, with the id its (enterprise, day) names, so a rerun repeats it exactly. */
export function dueEvent(b: DueBatch, now: Date): OutboxEntry {
  const data = {
    enterpriseId: b.enterpriseId,
    cityCode: b.cityCode,
    runDate: b.runDate,
    instruments: b.instruments.map((i: Instrument) => ({
      instrumentId: i.id, instrumentClass: i.instrumentClass, model: i.model, serialNo: i.serialNo, location: i.location, use: i.use,
      compulsory: i.compulsory, lastVerifiedOn: i.lastVerifiedOn, certificateNo: i.certificateNo, nextDueOn: i.nextDueOn, overdue: i.nextDueOn < b.runDate,
    })),
  };
  const entry = eventFor(instrumentsDue, { subject: b.enterpriseId, source: 'accounts', time: now, actor: SYSTEM_ACTOR, data });
  const id = dueEventId(b);
  return { ...entry, event: { ...entry.event, id, correlationid: id } };
}

/** A city's overdue fact of the day, with the id its (city, day) names. */
export function cityOverdueEvent(c: CityOverdue, now: Date): OutboxEntry {
  const entry = eventFor(instrumentsOverdueCompulsory, { subject: c.cityCode, source: 'accounts', time: now, actor: SYSTEM_ACTOR, data: c });
  const id = cityOverdueEventId(c);
  return { ...entry, event: { ...entry.event, id, correlationid: id } };
}

/**
 * Today's falling-due run: one event per enterprise with instruments due, each stored with a
 * record keyed by (day, enterprise), so running again the same day — after a crash halfway or
 * on a second instance — stores and publishes only what is still missing. Each city with
 * overdue compulsory instruments also gets one fact of the day for its liaisons.
 */
export async function scanDueInstruments(deps: AccountsDeps): Promise<DueScanResult> {
  const now = deps.now?.() ?? new Date();
  const runDate = bureauDay(now);
  const read: Instrument[] = [];
  for await (const i of deps.instruments.inUseDueBy(scanUntil(deps.dueSettings, runDate))) read.push(i);
  const batches = dueBatches(read, deps.dueSettings, runDate);
  const published = await deps.dueRuns.recordAll(batches.map((b) => ({ batch: b, events: [dueEvent(b, now)] })), now);
  // The liaisons' fact goes after the enterprises' runs: a crash before it is mended by the rerun like any run.
  let cities = 0;
  for (const c of overdueCompulsoryByCity(batches, runDate)) if (await deps.dueRuns.recordCity(c, [cityOverdueEvent(c, now)], now)) cities++;
  if (published + cities > 0) deps.notify();
  await deps.dueRuns.completeScan(runDate, batches.length, now);
  return { runDate, enterprises: batches.length, published, instruments: batches.reduce((n, b) => n + b.instruments.length, 0) };
}
