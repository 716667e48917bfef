import { mayBeToldOfCity } from '../domain/people';
import type { NotifyDeps } from './ports';
import { tellAll } from './notify';

export interface OverdueInCity {
  /** The event's id: one notice per liaison however often the event comes. */
  eventId: string;
  cityCode: string;
  runDate: string;
  count: number;
  enterprises: { count: number; oldestDueOn: string }[];
}

/**
 * The daily scan found compulsory instruments in use past their verification date in a city:
 * its liaisons hear how many, at how many enterprises, and since when, and go to the
 * city's due instruments. Liaisons of other cities are not told (the city is not theirs).
 */
export async function notifyInstrumentsOverdue(deps: NotifyDeps, o: OverdueInCity): Promise<number> {
  const liaisons = (await deps.people.withRole('liaison', o.cityCode)).filter((p) => mayBeToldOfCity(p, o.cityCode));
  const oldestDueOn = o.enterprises.map((e) => e.oldestDueOn).sort()[0]!;
  const details = { overdueCount: o.count, enterpriseCount: o.enterprises.length, oldestDueOn, runDate: o.runDate };
  await tellAll(deps, liaisons, { eventId: o.eventId, kind: 'instruments_overdue', requestId: null, urgent: false, title: null, details });
  return liaisons.length;
}
