// contracts/http/accounts.yaml (list, contacts, outreach, regions and import come with the accounts branch)
import { api, upload, download, type Query } from './http';
import type { Page } from './identity';

export interface Flags {
  contactPoint: boolean;
  keyEnergyUnit: boolean;
  integrityCommitment: boolean;
  integrityCommitmentSignedOn?: string | null;
  integrityDemonstration: boolean;
}

export interface Enterprise {
  id: string;
  uscc: string;
  name: string;
  nameEn?: string | null;
  provinceCode: string;
  cityCode: string;
  districtCode?: string | null;
  address?: string | null;
  industry?: string | null;
  size?: string | null;
  status: 'active' | 'closed';
  tags: string[];
  flags: Flags;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CreateEnterprise {
  uscc: string;
  name: string;
  cityCode: string;
  districtCode?: string;
  address?: string;
  industry?: string;
  size?: 'micro' | 'small' | 'medium' | 'large';
}

export interface Contact {
  id: string;
  name: string;
  role: string | null;
  phone: string | null;
  email: string | null;
  primary: boolean;
}

export const OUTREACH_KINDS = ['visit', 'phone', 'campaign', 'training', 'other'] as const;
export type OutreachKind = (typeof OUTREACH_KINDS)[number];

export interface Outreach {
  id: string;
  enterpriseId: string;
  cityCode: string;
  liaisonId: string;
  date: string;
  kind: OutreachKind;
  campaign: string | null;
  campaignId: string | null;
  notes: string | null;
  problems: { id: string; category: string; title: string; description: string }[];
  followUpOn: string | null;
  followUpDoneAt: string | null;
  createdAt: string;
}

export interface LogOutreach {
  date: string;
  kind: OutreachKind;
  campaign?: string;
  /** A programmes campaign, picked by name; accounts checks its period and cities. */
  campaignId?: string;
  notes?: string;
  problems?: { category: string; title: string; description: string }[];
  followUpOn?: string;
}

export interface ImportReport {
  summary: { rows: number; created: number; updated: number; unchanged: number; failed: number };
  rows: { row: number; uscc: string | null; outcome: 'created' | 'updated' | 'unchanged' | 'failed'; errors?: { path: string; message: string }[] }[];
}

export interface EnterpriseFilter extends Query {
  cityCode?: string;
  q?: string;
  status?: string;
  cursor?: string;
  limit?: number;
}

export const listEnterprises = (f: EnterpriseFilter) => api<Page<Enterprise>>('/accounts/enterprises', { query: f });
export const getEnterprise = (id: string) => api<Enterprise>(`/accounts/enterprises/${encodeURIComponent(id)}`);
export const createEnterprise = (body: CreateEnterprise) => api<Enterprise>('/accounts/enterprises', { method: 'POST', body });
export const listContacts = (id: string) => api<{ items: Contact[] }>(`/accounts/enterprises/${encodeURIComponent(id)}/contacts`);
export const enterpriseOutreach = (id: string) => api<Page<Outreach>>(`/accounts/enterprises/${encodeURIComponent(id)}/outreach`, { query: { limit: 50 } });
export const logOutreach = (id: string, body: LogOutreach) => api<Outreach>(`/accounts/enterprises/${encodeURIComponent(id)}/outreach`, { method: 'POST', body });
export const listOutreach = (q: { cityCode?: string; liaisonId?: string; from?: string; to?: string; cursor?: string }) => api<Page<Outreach>>('/accounts/outreach', { query: { ...q, limit: 50 } });

export function importEnterprises(file: File, onProgress: (f: number) => void) {
  const type = file.name.toLowerCase().endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
  return upload<ImportReport>('/accounts/imports/enterprises', file, type, onProgress);
}

export const exportEnterprises = (f: EnterpriseFilter, onProgress: (f: number | null) => void) =>
  download('/accounts/exports/enterprises', { ...f, format: 'xlsx' }, 'enterprises.xlsx', onProgress);

/** An enterprise's integrity and energy records (the integrity flags follow from them). */
export interface EnterpriseRecords {
  commitments: { id: string; signedOn: string; document: { name: string; ref: string } | null; withdrawnOn: string | null }[];
  demonstrations: { year: number; namedBy: { kind: 'province' | 'city'; code: string } | null; namedOn: string }[];
  energyReviews: { id: string; date: string; reviewers: string[]; instrumentsReviewed: number; findings: string | null; followUpRequestIds: string[] }[];
  dataCollection: { status: 'realtime' | 'manual' | 'none'; since: string }[];
}
export const getEnterpriseRecords = (id: string) => api<EnterpriseRecords>(`/accounts/enterprises/${encodeURIComponent(id)}/records`);
export const signCommitment = (body: { uscc: string; signedOn: string; document?: { name: string; ref: string } | null }) => api<EnterpriseRecords>('/accounts/integrity/commitments', { method: 'POST', body });
export const recordEnergyReview = (body: { uscc: string; date: string; reviewers: string[]; instrumentsReviewed: number; findings?: string | null }) => api<EnterpriseRecords>('/accounts/energy/reviews', { method: 'POST', body });

export const INSTRUMENT_CLASSES = ['pressure_gauge', 'gas_alarm', 'flow_meter', 'electricity_meter'] as const;
export const INSTRUMENT_USES = ['trade_settlement', 'safety', 'medical', 'environment', 'process_control'] as const;
export const INSTRUMENT_STATUSES = ['in_use', 'out_of_service', 'scrapped'] as const;

/** An enterprise's measuring instrument; `nextDueOn` is the last verification plus the cycle. */
export interface Instrument {
  id: string;
  enterpriseId: string;
  cityCode: string;
  instrumentClass: (typeof INSTRUMENT_CLASSES)[number];
  model: string | null;
  serialNo: string;
  location: string | null;
  use: (typeof INSTRUMENT_USES)[number];
  compulsory: boolean;
  cycleMonths: number;
  lastVerifiedOn: string;
  certificateNo: string | null;
  nextDueOn: string;
  status: (typeof INSTRUMENT_STATUSES)[number];
  /** In use and past its due day. */
  overdue: boolean;
  version: number;
}

export interface CreateInstrument {
  instrumentClass: Instrument['instrumentClass'];
  model?: string | null;
  serialNo: string;
  location?: string | null;
  use: Instrument['use'];
  cycleMonths: number;
  lastVerifiedOn: string;
  certificateNo?: string | null;
}

export const listInstruments = (q: { enterpriseId?: string; cityCode?: string; dueBy?: string; instrumentClass?: string; status?: string; compulsory?: 'true' | 'false'; cursor?: string }) =>
  api<Page<Instrument>>('/accounts/instruments', { query: { ...q, limit: 200 } });
export const registerInstrument = (enterpriseId: string, body: CreateInstrument) => api<Instrument>(`/accounts/enterprises/${encodeURIComponent(enterpriseId)}/instruments`, { method: 'POST', body });

/** All rows or none; a refusal is a problem whose `errors` name row and column in the reader's language. */
export function importInstruments(enterpriseId: string, file: File, lang: string, onProgress: (f: number) => void) {
  const type = file.name.toLowerCase().endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
  return upload<{ created: number }>(`/accounts/enterprises/${encodeURIComponent(enterpriseId)}/instruments/import?lang=${encodeURIComponent(lang)}`, file, type, onProgress);
}

export const instrumentTemplate = (lang: string) =>
  download('/accounts/instruments/template', { lang }, lang === 'en' ? 'instruments-template.xlsx' : '计量器具导入模板.xlsx');

export interface InstrumentFigureCounts {
  registered: number;
  dueSoon: number;
  overdue: number;
  overdueCompulsory: number;
  verifiedOnTime: number;
  verifiedLate: number;
}

/** The registry's figures in the caller's scope, by city and class. */
export interface InstrumentFigures {
  today: string;
  from: string;
  to: string;
  dueWithinDays: number;
  rows: (InstrumentFigureCounts & { cityCode: string; instrumentClass: Instrument['instrumentClass'] })[];
  totals: InstrumentFigureCounts;
}

export interface InstrumentPlan {
  fromMonth: string;
  months: string[];
  settings: { minutesByClass: Record<string, number>; verifierDayMinutes: number };
  cells: {
    cityCode: string;
    month: string;
    instruments: number;
    verifierDays: number;
    classes: { instrumentClass: Instrument['instrumentClass']; instruments: number; verifierDays: number; qualifiedVerifiers: number | null }[];
  }[];
}

type FigureQuery = { from?: string; to?: string; cityCode?: string };
export const instrumentFigures = (q: FigureQuery) => api<InstrumentFigures>('/accounts/instruments/figures', { query: q });
export const exportInstrumentFigures = (q: FigureQuery, lang: string, onProgress?: (f: number | null) => void) =>
  download('/accounts/exports/instrument-figures', { ...q, lang }, lang === 'en' ? 'instrument-figures.xlsx' : '计量器具统计.xlsx', onProgress);
export const instrumentPlanning = (q: { fromMonth?: string; months?: number; cityCode?: string }) => api<InstrumentPlan>('/accounts/instruments/planning', { query: q });
