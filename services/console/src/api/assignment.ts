// assignment branch: contracts/http/assignment.yaml
import { api } from './http';
import type { http } from '@metrodesk/contracts';

/** The shapes of contracts/http/assignment.yaml, generated: a contract change breaks this build. */
type Schemas = http.assignment.components['schemas'];

export type Liaison = Schemas['Liaison'];
export type CategoryRule = Schemas['CategoryRule'];
export type Rules = Schemas['Rules'];

export const listLiaisons = (cityCode?: string) => api<Liaison[]>('/assignment/liaisons', { query: { cityCode } });
export const getRules = (cityCode: string) => api<Rules>(`/assignment/rules/${cityCode}`);
export const putRules = (cityCode: string, body: { version: number; categories: CategoryRule[] }) =>
  api<Rules>(`/assignment/rules/${cityCode}`, { method: 'PUT', body });
export const claim = (requestId: string) => api<unknown>(`/assignment/requests/${encodeURIComponent(requestId)}/claim`, { method: 'POST' });

/** Why a liaison cannot take a request; the console words each code (`assign.why.*`). */
export const INELIGIBLE = ['no_account', 'inactive', 'on_leave', 'category', 'not_in_pool', 'at_capacity', 'current_assignee'] as const;
export type Ineligible = (typeof INELIGIBLE)[number];

export type Candidate = Schemas['Candidate'];

/** The roster of the request's bureau (or another bureau in scope) with who can take it and why not. */
export const eligibleLiaisons = (requestId: string, cityCode?: string) =>
  api<Candidate[]>(`/assignment/requests/${encodeURIComponent(requestId)}/eligible-liaisons`, { query: { cityCode } });
export const assign = (requestId: string, liaisonId: string) =>
  api<unknown>(`/assignment/requests/${encodeURIComponent(requestId)}/assign`, { method: 'POST', body: { liaisonId } });
/** The one transfer path: to a named liaison (of `toCityCode` when given) or to a bureau. */
export const transfer = (requestId: string, body: { toLiaisonId?: string; toCityCode?: string; reason: string }) =>
  api<unknown>(`/assignment/requests/${encodeURIComponent(requestId)}/transfer`, { method: 'POST', body });
