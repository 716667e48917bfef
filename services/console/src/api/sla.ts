// sla branch: contracts/http/sla.yaml
import { api } from './http';
import type { http } from '@metrodesk/contracts';

/** The shapes of contracts/http/sla.yaml, generated: a contract change breaks this build. */
type Schemas = http.sla.components['schemas'];

export type Policy = Schemas['Policy'];
export type SavePolicy = Schemas['SavePolicy'];
export type NamedDate = Schemas['NamedDate'];
export type Calendar = Schemas['Calendar'];

export interface ClockView {
  requestId: string;
  kind: 'response' | 'resolution' | 'return_visit';
  cityCode: string;
  liaisonId: string | null;
  deadline: string | null;
  remainingMs: number | null;
  percent: number;
  paused: boolean;
  breached: boolean;
  status: 'ok' | 'at_risk' | 'breached';
}

export type Rate = Schemas['Rate'];
export type Compliance = Schemas['Compliance'];
export type AtRisk = Schemas['AtRisk'];

export const listPolicies = () => api<{ items: Policy[] }>('/sla/policies');
export const savePolicy = (category: string, priority: string, body: SavePolicy) =>
  api<Policy>(`/sla/policies/${encodeURIComponent(category)}/${encodeURIComponent(priority)}`, { method: 'PUT', body });
export const listCalendars = () => api<{ items: Calendar[] }>('/sla/calendars');
export type YearNotice = Schemas['YearNotice'];
export const saveCalendarYear = (id: string, year: number, body: YearNotice) =>
  api<Calendar>(`/sla/calendars/${encodeURIComponent(id)}/years/${year}`, { method: 'PUT', body });
export const atRisk = (cityCode?: string) => api<AtRisk>('/sla/clocks/at-risk', { query: { cityCode } });
export const compliance = (from: string, to: string, cityCode?: string) => api<Compliance>('/sla/compliance', { query: { from, to, cityCode } });

/** Priorities as a person reads a list of them: the most pressing first. */
export const PRIORITIES_MOST_URGENT_FIRST = ['emergency', 'urgent', 'normal'] as const;
