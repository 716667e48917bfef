import { PRIORITIES, REQUEST_CATEGORIES } from '@metrodesk/contracts';

export const ESCALATION_LEVELS = ['city', 'province'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];
export const ANY = '*';

export interface EscalationStep {
  level: EscalationLevel;
  /** Percent of the target at which this level is alerted; 100 = at the breach. */
  atPercent: number;
}

export interface PolicyRules {
  /** Response target, in calendar hours (fractions allowed: tests use seconds). */
  responseHours: number;
  /** Resolution target, in working days of the calendar (fractions allowed). */
  resolutionWorkingDays: number;
  /** Time to make the return visit after resolution, in working days of the calendar. */
  returnVisitWorkingDays: number;
  /** Warning thresholds, percent of the target, each below 100. */
  warnAt: number[];
  escalation: EscalationStep[];
  calendarId: string;
}

export interface Policy extends PolicyRules {
  id: string;
  category: string;
  priority: string;
  version: number;
  createdBy: string;
  createdAt: Date;
}

export const HOUR_MS = 3_600_000;
export const WORKING_DAY_MS = 86_400_000;
export const DEFAULT_CALENDAR_ID = 'cn';
export const DEFAULT_RETURN_VISIT_WORKING_DAYS = 5;

export const policyId = (category: string, priority: string) => `${category}:${priority}`;

/** Seeded once when no policy exists yet; managers replace them through the API. */
export const DEFAULT_POLICIES: { category: string; priority: string; rules: PolicyRules }[] = [
  { category: ANY, priority: 'normal', rules: rules(24, 5) },
  { category: ANY, priority: 'urgent', rules: rules(8, 3) },
  { category: ANY, priority: 'emergency', rules: rules(2, 1) },
];

function rules(responseHours: number, resolutionWorkingDays: number): PolicyRules {
  return {
    responseHours,
    resolutionWorkingDays,
    returnVisitWorkingDays: DEFAULT_RETURN_VISIT_WORKING_DAYS,
    warnAt: [50, 75],
    escalation: [
      { level: 'city', atPercent: 100 },
      { level: 'province', atPercent: 150 },
    ],
    calendarId: DEFAULT_CALENDAR_ID,
  };
}

/** Most specific first: the exact pair, then any category at this priority, then the catch-all. */
export function policyLookupOrder(category: string, priority: string): string[] {
  return [policyId(category, priority), policyId(ANY, priority), policyId(ANY, ANY)];
}

export const POLICY_CATEGORIES = [ANY, ...REQUEST_CATEGORIES] as const;
export const POLICY_PRIORITIES = [ANY, ...PRIORITIES] as const;

export function policyProblems(r: PolicyRules): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (!(r.returnVisitWorkingDays > 0 && r.returnVisitWorkingDays <= 365)) problems.push({ path: 'returnVisitWorkingDays', message: 'the return-visit deadline is more than 0 and at most 365 working days' });
  r.warnAt.forEach((w, i) => {
    if (w <= 0 || w >= 100) problems.push({ path: `warnAt.${i}`, message: 'a warning threshold is a percent between 1 and 99' });
  });
  if (new Set(r.warnAt).size !== r.warnAt.length) problems.push({ path: 'warnAt', message: 'thresholds must be distinct' });
  r.escalation.forEach((e, i) => {
    if (e.atPercent < 100) problems.push({ path: `escalation.${i}.atPercent`, message: 'escalation starts at the breach (100) or later' });
  });
  if (new Set(r.escalation.map((e) => e.level)).size !== r.escalation.length) problems.push({ path: 'escalation', message: 'each level appears once' });
  return problems;
}
