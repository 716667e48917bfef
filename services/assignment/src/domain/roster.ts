import { REQUEST_CATEGORIES } from '@metrodesk/contracts';

export type Category = (typeof REQUEST_CATEGORIES)[number];
export const CATEGORIES = REQUEST_CATEGORIES;

/** Categories whose work is done on site by a verifier, so the qualification gate applies. */
export const ON_SITE_CATEGORIES: readonly Category[] = ['verification_calibration', 'emergency_verification'];

export interface Bureau {
  code: string;
  name: string;
  nameEn?: string;
  level: 'province' | 'city';
}
export interface BureauData {
  province: { code: string; name: string; nameEn?: string };
  cities: { code: string; name: string; nameEn?: string }[];
}

export function bureausOf(data: BureauData): Bureau[] {
  return [{ ...data.province, level: 'province' }, ...data.cities.map((c) => ({ ...c, level: 'city' as const }))];
}

export interface LeavePeriod {
  id: string;
  /** Inclusive dates YYYY-MM-DD in the bureau's zone. */
  from: string;
  to: string;
  reason: string | null;
}

export interface Liaison {
  userId: string;
  name: string;
  cityCode: string;
  categories: Category[];
  capacity: number;
  /** Set by the bureau through the API. */
  active: boolean;
  /** Set by identity events: a disabled account or a changed role takes the person off the roster. */
  accountActive: boolean;
  leaves: LeavePeriod[];
  /** Links the liaison to a verifier's qualification files (their personKey). */
  verifierKey: string | null;
  /** When this liaison last got work: the round-robin tie-break between equals. */
  lastAssignedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface QualificationFile {
  fileId: string;
  personKey: string;
  personName: string;
  employerUscc: string;
  employerName: string | null;
  cityCode: string | null;
  type: string;
  scope: string[];
  certificateNo: string;
  issuedOn: string;
  expiresOn: string;
  status: 'valid' | 'expiring' | 'expired' | 'revoked' | 'suspended';
  version: number;
}

export interface CategoryRule {
  category: Category;
  /** If set, only these liaisons take this category in the city. */
  liaisonIds?: string[];
  /** Overrides the default: on-site categories need a qualification, the others do not. */
  requireQualification?: boolean;
  /** Sends this category to another bureau (e.g. emergencies to the provincial institute). */
  routeToCityCode?: string;
}

export interface RoutingRules {
  cityCode: string;
  categories: CategoryRule[];
  /** A qualification expiring within this many days of the planned date raises a warning. */
  expiryWarningDays: number;
  /** Qualification types that count for on-site work; empty means any type. */
  qualificationTypes: string[];
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export function defaultRules(cityCode: string): RoutingRules {
  return { cityCode, categories: [], expiryWarningDays: 30, qualificationTypes: [], version: 0, updatedAt: null, updatedBy: null };
}

export const ruleFor = (rules: RoutingRules, category: Category): CategoryRule | undefined => rules.categories.find((r) => r.category === category);

export function needsQualification(rules: RoutingRules, category: Category): boolean {
  return ruleFor(rules, category)?.requireQualification ?? ON_SITE_CATEGORIES.includes(category);
}

export function onLeave(l: Pick<Liaison, 'leaves'>, date: string): boolean {
  return l.leaves.some((p) => p.from <= date && date <= p.to);
}

/** The calendar date of an instant in the bureau's zone (Asia/Shanghai has no DST: UTC+8). */
export function localDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

const norm = (s: string) => s.trim().toLowerCase();

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);

export type QualificationCheck = { ok: true; warnings: string[] } | { ok: false; reason: string };

/**
 * Does this person hold, on `date`, qualifications whose scopes cover every instrument class?
 * A request without instruments needs at least one usable qualification.
 */
export function checkQualification(files: QualificationFile[], classes: string[], date: string, rules: Pick<RoutingRules, 'expiryWarningDays' | 'qualificationTypes'>): QualificationCheck {
  const types = rules.qualificationTypes.map(norm);
  const usable = files.filter(
    (f) => (f.status === 'valid' || f.status === 'expiring') && f.issuedOn <= date && date <= f.expiresOn && (types.length === 0 || types.includes(norm(f.type))),
  );
  if (usable.length === 0) return { ok: false, reason: `no valid qualification on ${date}` };
  const wanted = [...new Set(classes.map(norm))];
  const covering: QualificationFile[] = [];
  for (const cls of wanted) {
    // Prefer the file that stays valid longest, so a warning appears only when it must.
    const best = usable.filter((f) => f.scope.map(norm).includes(cls)).sort((a, b) => b.expiresOn.localeCompare(a.expiresOn))[0];
    if (!best) return { ok: false, reason: `no valid qualification covers instrument class '${cls}' on ${date}` };
    covering.push(best);
  }
  if (wanted.length === 0) covering.push(usable.sort((a, b) => b.expiresOn.localeCompare(a.expiresOn))[0]!);
  const horizon = addDays(date, rules.expiryWarningDays);
  const warnings = [...new Set(covering)]
    .filter((f) => f.status === 'expiring' || f.expiresOn <= horizon)
    .map((f) => `qualification ${f.certificateNo} of ${f.personName} expires on ${f.expiresOn}`);
  return { ok: true, warnings };
}
