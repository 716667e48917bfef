import type { Identity } from '@metrodesk/access';
import { ValidationError } from '@metrodesk/errors';
import type { Clock, ClockKind } from '../domain/clock';
import type { SlaDeps } from './ports';
import { cityScope } from './scope';

export interface Rate {
  /** Clocks whose outcome is known: stopped, or breached while still open. */
  decided: number;
  withinTarget: number;
  /** Still running and not breached: not counted either way yet. */
  pending: number;
  /** withinTarget / decided, in percent with one decimal; null when nothing is decided. */
  rate: number | null;
}

export interface ComplianceReport {
  /** The city the figures cover (a city role's own city), or null for the whole province. */
  cityCode: string | null;
  response: Rate;
  resolution: Rate;
  byCity: { cityCode: string; response: Rate; resolution: Rate }[];
}

const LIMIT = 100_000;

function rateOf(clocks: Clock[], kind: ClockKind): Rate {
  let decided = 0;
  let within = 0;
  let pending = 0;
  for (const c of clocks) {
    // A withdrawn request is left out, unless it had already breached: a breach stays a breach.
    if (c.kind !== kind || (c.outcome === 'cancelled' && !c.breached)) continue;
    if (c.outcome === 'met' || c.breached) {
      decided += 1;
      if (c.outcome === 'met' && c.withinTarget) within += 1;
    } else pending += 1;
  }
  return { decided, withinTarget: within, pending, rate: decided === 0 ? null : Math.round((within / decided) * 1000) / 10 };
}

/**
 * Compliance of the clocks started in [from, to): responded within target (%) and resolved
 * within target (%), every cycle counted (a redo is another chance to be late).
 */
export async function compliance(deps: Pick<SlaDeps, 'clocks'>, who: Identity, q: { from: Date; to: Date; cityCode?: string; liaisonId?: string }): Promise<ComplianceReport> {
  if (q.to <= q.from) throw new ValidationError([{ path: 'to', message: 'must be after from' }]);
  const cityCode = cityScope(who, q.cityCode);
  const clocks = await deps.clocks.list({ cityCode, liaisonId: q.liaisonId, startedFrom: q.from, startedTo: q.to }, LIMIT);
  const cities = [...new Set(clocks.map((c) => c.cityCode))].sort();
  return {
    cityCode: cityCode ?? null,
    response: rateOf(clocks, 'response'),
    resolution: rateOf(clocks, 'resolution'),
    byCity: cities.map((city) => {
      const mine = clocks.filter((c) => c.cityCode === city);
      return { cityCode: city, response: rateOf(mine, 'response'), resolution: rateOf(mine, 'resolution') };
    }),
  };
}
