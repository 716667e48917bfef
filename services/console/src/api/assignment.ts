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
  requireQualification?: boolean;
  routeToCityCode?: string;
}

export interface Rules {
  cityCode: string;
  categories: CategoryRule[];
  expiryWarningDays: number;
  qualificationTypes: string[];
  version: number;
  updatedAt: string | null;
}

export const listLiaisons = (cityCode?: string) => api<Liaison[]>('/assignment/liaisons', { query: { cityCode } });
export const getRules = (cityCode: string) => api<Rules>(`/assignment/rules/${cityCode}`);
export const putRules = (cityCode: string, body: { version: number; categories: CategoryRule[]; expiryWarningDays?: number }) =>
  api<Rules>(`/assignment/rules/${cityCode}`, { method: 'PUT', body });
export const claim = (requestId: string) => api<unknown>(`/assignment/requests/${encodeURIComponent(requestId)}/claim`, { method: 'POST' });
/** Transfers belong to assignment, which checks the target city and liaison. */
export const transfer = (requestId: string, body: { toLiaisonId?: string; toCityCode?: string; reason: string }) =>
  api<unknown>(`/assignment/requests/${encodeURIComponent(requestId)}/transfer`, { method: 'POST', body });
