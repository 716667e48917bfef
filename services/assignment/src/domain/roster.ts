import { REQUEST_CATEGORIES } from '@metrodesk/contracts';

export type Category = (typeof REQUEST_CATEGORIES)[number];
export const CATEGORIES = REQUEST_CATEGORIES;

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
  /** When this liaison last got work: the round-robin tie-break between equals. */
  lastAssignedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CategoryRule {
  category: Category;
  /** If set, only these liaisons take this category in the city. */
  liaisonIds?: string[];
  /** Sends this category to another bureau (e.g. emergencies to the provincial institute). */
  routeToCityCode?: string;
}

export interface RoutingRules {
  cityCode: string;
  categories: CategoryRule[];
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
}

export function defaultRules(cityCode: string): RoutingRules {
  return { cityCode, categories: [], version: 0, updatedAt: null, updatedBy: null };
}

export const ruleFor = (rules: RoutingRules, category: Category): CategoryRule | undefined => rules.categories.find((r) => r.category === category);

export function onLeave(l: Pick<Liaison, 'leaves'>, date: string): boolean {
  return l.leaves.some((p) => p.from <= date && date <= p.to);
}

/** The calendar date of an instant in the bureau's zone (Asia/Shanghai has no DST: UTC+8). */
export function localDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
