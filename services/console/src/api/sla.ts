// sla branch: contracts/http/sla.yaml
import { api } from './http';

export interface Policy {
  id: string;
  category: string;
  priority: string;
  version: number;
  responseHours: number;
  resolutionWorkingDays: number;
  returnVisitWorkingDays: number;
  warnAt: number[];
  escalation: { level: 'city' | 'province'; atPercent: number }[];
  calendarId: string;
  createdAt: string;
}

export interface SavePolicy {
  responseHours: number;
  resolutionWorkingDays: number;
  returnVisitWorkingDays?: number;
  warnAt?: number[];
  calendarId?: string;
  expectedVersion: number;
}

export interface NamedDate {
  date: string;
  /** zh-CN, as the notice gives it. */
  name?: string;
  nameEn?: string;
}

export interface Calendar {
  id: string;
  name: string;
  nameEn?: string;
  zone: string;
  weekendDays: number[];
  holidays: NamedDate[];
  workdays: NamedDate[];
  /** Years the calendar holds the official arrangement for. */
  years: number[];
  /** Years that matter now and are not loaded: the banner. */
  missingYears: number[];
  note?: string;
  version: number;
  updatedAt: string;
}

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

export interface Rate {
  decided: number;
  withinTarget: number;
  pending: number;
  rate: number | null;
}

export interface Compliance {
  response: Rate;
  resolution: Rate;
  byCity: { cityCode: string; response: Rate; resolution: Rate }[];
}

export interface AtRisk {
  items: ClockView[];
  byCity: { cityCode: string; atRisk: number; breached: number }[];
}

export const listPolicies = () => api<{ items: Policy[] }>('/sla/policies');
export const savePolicy = (category: string, priority: string, body: SavePolicy) =>
  api<Policy>(`/sla/policies/${encodeURIComponent(category)}/${encodeURIComponent(priority)}`, { method: 'PUT', body });
export const listCalendars = () => api<{ items: Calendar[] }>('/sla/calendars');
export interface YearNotice {
  holidays: NamedDate[];
  workdays: NamedDate[];
  note?: string;
}
export const saveCalendarYear = (id: string, year: number, body: YearNotice) =>
  api<Calendar>(`/sla/calendars/${encodeURIComponent(id)}/years/${year}`, { method: 'PUT', body });
export const atRisk = (cityCode?: string) => api<AtRisk>('/sla/clocks/at-risk', { query: { cityCode } });
export const compliance = (from: string, to: string, cityCode?: string) => api<Compliance>('/sla/compliance', { query: { from, to, cityCode } });

/** Priorities as a person reads a list of them: the most pressing first. */
export const PRIORITIES_MOST_URGENT_FIRST = ['emergency', 'urgent', 'normal'] as const;
