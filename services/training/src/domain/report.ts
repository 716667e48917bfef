import type { Result } from './enrolment';

export const GROUP_BY = ['city', 'month', 'enterprise', 'course'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

export interface TrainedFact {
  cityCode: string;
  sessionEndDate: string;
  employerUscc: string;
  courseCode: string;
  personKey: string;
  hours: number;
  result: Result;
}

export interface TrainedRow {
  key: string;
  people: number;
  attendances: number;
  passed: number;
  hours: number;
}

const keyOf: Record<GroupBy, (f: TrainedFact) => string> = {
  city: (f) => f.cityCode,
  month: (f) => f.sessionEndDate.slice(0, 7),
  enterprise: (f) => f.employerUscc,
  course: (f) => f.courseCode,
};

/** Someone is trained once they attended some hours; absent or not yet recorded does not count. */
export const isTrained = (f: Pick<TrainedFact, 'hours'>) => f.hours > 0;

// Distinct people need a set per group.
export function trainedReport(facts: TrainedFact[], groupBy: GroupBy): { rows: TrainedRow[]; total: TrainedRow } {
  const groups = new Map<string, { people: Set<string>; attendances: number; passed: number; hours: number }>();
  const all = { people: new Set<string>(), attendances: 0, passed: 0, hours: 0 };
  for (const f of facts.filter(isTrained)) {
    const key = keyOf[groupBy](f);
    const g = groups.get(key) ?? { people: new Set<string>(), attendances: 0, passed: 0, hours: 0 };
    for (const acc of [g, all]) {
      acc.people.add(f.personKey);
      acc.attendances += 1;
      acc.passed += f.result === 'pass' ? 1 : 0;
      acc.hours += f.hours;
    }
    groups.set(key, g);
  }
  const row = (key: string, g: typeof all): TrainedRow => ({ key, people: g.people.size, attendances: g.attendances, passed: g.passed, hours: g.hours });
  return { rows: [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, g]) => row(k, g)), total: row('total', all) };
}
