import type { Identity } from '@metrodesk/access';
import { ValidationError } from '@metrodesk/errors';
import type { ClockKind } from '../domain/clock';
import type { OutcomeTally, SlaDeps } from './ports';
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

function rateOf(tallies: OutcomeTally[], kind: ClockKind): Rate {
  let decided = 0;
  let within = 0;
  let pending = 0;
  for (const t of tallies) {
    // A withdrawn request is left out, unless it had already breached: a breach stays a breach.
    if (t.kind !== kind || (t.outcome === 'cancelled' && !t.breached)) continue;
    if (t.outcome === 'met' || t.breached) {
      decided += t.count;
      if (t.outcome === 'met' && t.withinTarget) within += t.count;
    } else pending += t.count;
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
  // Counted where the clocks are: a province-wide period can hold more clocks than fit in memory.
  const tallies = await deps.clocks.tallyOutcomes({ cityCode, liaisonId: q.liaisonId, startedFrom: q.from, startedTo: q.to });
  const cities = [...new Set(tallies.map((t) => t.cityCode))].sort();
  return {
    cityCode: cityCode ?? null,
    response: rateOf(tallies, 'response'),
    resolution: rateOf(tallies, 'resolution'),
    byCity: cities.map((city) => {
      const mine = tallies.filter((t) => t.cityCode === city);
      return { cityCode: city, response: rateOf(mine, 'response'), resolution: rateOf(mine, 'resolution') };
    }),
  };
}
