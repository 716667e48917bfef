import { canSee, type Identity } from '@metrodesk/access';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const USER_ROLES = ['enterprise', 'liaison', 'city_manager', 'province_manager', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A user as identity last told us: who they are, where they sit and how to reach them. */
export interface Person {
  userId: string;
  version: number;
  name: string;
  role: UserRole;
  enterpriseId: string | null;
  cityCode: string | null;
  active: boolean;
  email: string | null;
  language: Language;
}

/** What notifications knows of a request from the events it has seen. */
export interface RequestFacts {
  requestId: string;
  enterpriseId: string | null;
  cityCode: string;
  title: string | null;
  /** The request's number people quote (210100-2026-000123); null for requests filed before numbers existed. */
  number: string | null;
  priority: 'normal' | 'urgent' | 'emergency' | null;
  assigneeId: string | null;
  state: string | null;
  /** Where the running response or resolution clock stands: 75 % of its time used, or past its deadline. */
  risk?: 'at_risk' | 'breached' | null;
  /** The first cycle's response deadline, once the SLA clock has started. */
  responseDeadline: string | null;
}

/** The identity a person would have when signed in, for the access rules of packages/access. */
function asIdentity(p: Person): Identity {
  return {
    userId: p.userId,
    role: p.role,
    ...(p.enterpriseId ? { enterpriseId: p.enterpriseId } : {}),
    ...(p.cityCode ? { cityCode: p.cityCode } : {}),
    exp: Number.MAX_SAFE_INTEGER,
  };
}

/** Whether this person may be told about a city's figures: the access rule of reading the city's data. */
export function mayBeToldOfCity(p: Person, cityCode: string): boolean {
  if (!p.active) return false;
  if ((p.role === 'liaison' || p.role === 'city_manager') && !p.cityCode) return false;
  return canSee(asIdentity(p), { cityCode });
}

/**
 * Whether this person may be told about this request at all: the same rule as reading it
 * (enterprise -> own, city roles -> their city, province -> all), and a liaison only about
 * requests assigned to them.
 */
export function mayBeTold(p: Person, r: Pick<RequestFacts, 'cityCode' | 'enterpriseId' | 'assigneeId'>): boolean {
  if (!p.active) return false;
  if (p.role === 'enterprise' && !p.enterpriseId) return false;
  if ((p.role === 'liaison' || p.role === 'city_manager') && !p.cityCode) return false;
  if (!canSee(asIdentity(p), { cityCode: r.cityCode, ...(r.enterpriseId ? { enterpriseId: r.enterpriseId } : {}) })) return false;
  if (p.role === 'liaison') return r.assigneeId === p.userId;
  return true;
}
