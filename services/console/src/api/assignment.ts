// assignment branch: contracts/http/assignment.yaml
import { api } from './http';
import type { Category } from './requests';

export interface Liaison {
  userId: string;
  name: string;
  cityCode: string;
  categories: Category[];
  capacity: number;
  active: boolean;
}

export interface CategoryRule {
  category: Category;
  liaisonIds?: string[];
  routeToCityCode?: string;
}

export interface Rules {
  cityCode: string;
  categories: CategoryRule[];
  version: number;
  updatedAt: string | null;
}

export const listLiaisons = (cityCode?: string) => api<Liaison[]>('/assignment/liaisons', { query: { cityCode } });
export const getRules = (cityCode: string) => api<Rules>(`/assignment/rules/${cityCode}`);
export const putRules = (cityCode: string, body: { version: number; categories: CategoryRule[] }) =>
  api<Rules>(`/assignment/rules/${cityCode}`, { method: 'PUT', body });
export const claim = (requestId: string) => api<unknown>(`/assignment/requests/${encodeURIComponent(requestId)}/claim`, { method: 'POST' });

/** Why a liaison cannot take a request; the console words each code (`assign.why.*`). */
export const INELIGIBLE = ['no_account', 'inactive', 'on_leave', 'category', 'not_in_pool', 'at_capacity', 'current_assignee'] as const;
export type Ineligible = (typeof INELIGIBLE)[number];

export interface Candidate {
  userId: string;
  name: string;
  cityCode: string;
  cityName: string;
  open: number;
  capacity: number;
  onLeave: boolean;
  eligible: boolean;
  why: Ineligible | null;
  reason: string | null;
}

/** The roster of the request's bureau (or another bureau in scope) with who can take it and why not. */
export const eligibleLiaisons = (requestId: string, cityCode?: string) =>
  api<Candidate[]>(`/assignment/requests/${encodeURIComponent(requestId)}/eligible-liaisons`, { query: { cityCode } });
export const assign = (requestId: string, liaisonId: string) =>
  api<unknown>(`/assignment/requests/${encodeURIComponent(requestId)}/assign`, { method: 'POST', body: { liaisonId } });
/** The one transfer path: to a named liaison (of `toCityCode` when given) or to a bureau. */
export const transfer = (requestId: string, body: { toLiaisonId?: string; toCityCode?: string; reason: string }) =>
  api<unknown>(`/assignment/requests/${encodeURIComponent(requestId)}/transfer`, { method: 'POST', body });
