// The figures the dashboard shows, read from reporting's Summary (contracts/http/reporting.yaml).
// Pure: the e2e tests read the service's answers through this too.
import type { http } from '@metrodesk/contracts';

type Schemas = http.reporting.components['schemas'];
export type Summary = Schemas['Summary'];
export type CityTable = Schemas['CityTable'];
export type MonthlySeries = Schemas['MonthlySeries'];
export type Narrative = Schemas['Narrative'];

export interface Figures {
  enterprisesServed: number;
  problemsSolved: number;
  solutions: number;
  requests: number;
  /** Opened by the bureau for instruments falling due (未诉先办), and their share of all requests (%). */
  proactive: number;
  proactiveShare: number | null;
  responseRate: number | null;
  /** Every cycle's response within the request's own policy target. */
  responseOnTargetRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  /** Closed as "no answer": apart from the satisfaction rate. */
  noAnswer: number;
  breaches: number;
  escalations: number;
  peopleTrained: number;
  qualificationFiles: number;
}

export interface CityRow extends Figures {
  cityCode: string;
}

export interface SeriesPoint extends Figures {
  period: string;
}

export interface Period {
  from: string;
  to: string;
  cityCode?: string;
}

/** A summary's figures; `summary` is reporting's answer (the e2e suite hands it over untyped). */
export function normalizeFigures(summary: unknown): Figures {
  const s = summary as Summary;
  return {
    enterprisesServed: s.enterprisesServed,
    problemsSolved: s.problemsSolved,
    solutions: s.solutionsProvided,
    requests: s.requests.total,
    proactive: s.requests.proactive.count,
    proactiveShare: s.requests.proactive.rate,
    responseRate: s.responseWithin24h.rate,
    responseOnTargetRate: s.responseOnTarget.rate,
    resolutionRate: s.resolutionOnTime.rate,
    satisfactionRate: s.satisfaction.rate,
    noAnswer: s.noAnswer,
    breaches: s.breaches.total,
    escalations: s.escalations.total,
    peopleTrained: s.training.peopleTrained,
    qualificationFiles: s.qualificationFiles.files,
  };
}

export interface RateRow {
  rate: number | null;
  of: number;
}

export interface LiaisonRow {
  /** null: not assigned to anyone. */
  liaisonId: string | null;
  response: RateRow;
  satisfaction: RateRow;
  noAnswer: number;
}

/** The response rate by priority and the per-liaison figures of a summary. */
export interface Breakdown {
  byPriority: Record<string, RateRow>;
  byLiaison: LiaisonRow[];
}

const rateRow = ({ rate, of }: Schemas['Ratio']): RateRow => ({ rate, of });

export function normalizeBreakdown(s: Summary): Breakdown {
  return {
    byPriority: Object.fromEntries(Object.entries(s.responseOnTargetBy.priority).map(([k, v]) => [k, rateRow(v)])),
    byLiaison: s.byLiaison.map((l) => ({ liaisonId: l.liaisonId, response: rateRow(l.response), satisfaction: rateRow(l.satisfaction), noAnswer: l.noAnswer })),
  };
}
