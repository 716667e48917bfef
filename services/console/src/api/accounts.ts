// contracts/http/accounts.yaml (list, contacts, outreach, regions and import come with the accounts branch)
import { api, upload, download, type Query } from './http';
import type { http } from '@metrodesk/contracts';
import type { Page } from './identity';

/** The shapes of contracts/http/accounts.yaml, generated: a contract change breaks this build. */
type Schemas = http.accounts.components['schemas'];

export type Flags = Schemas['Flags'];
export type Enterprise = Schemas['Enterprise'];
export type CreateEnterprise = Schemas['CreateEnterprise'];
export type Contact = Schemas['Contact'];

export type OutreachKind = Outreach['kind'];
export const OUTREACH_KINDS = ['visit', 'phone', 'campaign', 'training', 'other'] as const satisfies readonly OutreachKind[];

export type Outreach = Schemas['Outreach'];
export type LogOutreach = Schemas['LogOutreach'];
export type ImportReport = Schemas['ImportReport'];

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
export const listContacts = (id: string) => api<Schemas['ContactList']>(`/accounts/enterprises/${encodeURIComponent(id)}/contacts`);
export const enterpriseOutreach = (id: string) => api<Page<Outreach>>(`/accounts/enterprises/${encodeURIComponent(id)}/outreach`, { query: { limit: 50 } });
export const addContact = (id: string, body: Schemas['CreateContact']) => api<Contact>(`/accounts/enterprises/${encodeURIComponent(id)}/contacts`, { method: 'POST', body });
export const logOutreach = (id: string, body: LogOutreach) => api<Outreach>(`/accounts/enterprises/${encodeURIComponent(id)}/outreach`, { method: 'POST', body });
export const listOutreach = (q: { cityCode?: string; liaisonId?: string; from?: string; to?: string; cursor?: string }) => api<Page<Outreach>>('/accounts/outreach', { query: { ...q, limit: 50 } });

export function importEnterprises(file: File, onProgress: (f: number) => void) {
  const type = file.name.toLowerCase().endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
  return upload<ImportReport>('/accounts/imports/enterprises', file, type, onProgress);
}

export const exportEnterprises = (f: EnterpriseFilter, onProgress: (f: number | null) => void) =>
  download('/accounts/exports/enterprises', { ...f, format: 'xlsx' }, 'enterprises.xlsx', onProgress);

/** An enterprise's integrity and energy records (the integrity flags follow from them). */
export type EnterpriseRecords = Schemas['EnterpriseRecords'];
export const getEnterpriseRecords = (id: string) => api<EnterpriseRecords>(`/accounts/enterprises/${encodeURIComponent(id)}/records`);
export const signCommitment = (body: { uscc: string; signedOn: string; document?: { name: string; ref: string } | null }) => api<EnterpriseRecords>('/accounts/integrity/commitments', { method: 'POST', body });
export const recordEnergyReview = (body: { uscc: string; date: string; reviewers: string[]; instrumentsReviewed: number; findings?: string | null }) => api<EnterpriseRecords>('/accounts/energy/reviews', { method: 'POST', body });

export const INSTRUMENT_CLASSES = ['pressure_gauge', 'gas_alarm', 'flow_meter', 'electricity_meter'] as const satisfies readonly Instrument['instrumentClass'][];
export const INSTRUMENT_USES = ['trade_settlement', 'safety', 'medical', 'environment', 'process_control'] as const satisfies readonly Instrument['use'][];
export const INSTRUMENT_STATUSES = ['in_use', 'out_of_service', 'scrapped'] as const satisfies readonly Instrument['status'][];

/** An enterprise's measuring instrument; `nextDueOn` is the last verification plus the cycle. */
export type Instrument = Schemas['Instrument'];
export type CreateInstrument = Schemas['CreateInstrument'];

export const listInstruments = (q: { enterpriseId?: string; cityCode?: string; dueBy?: string; instrumentClass?: string; status?: string; compulsory?: 'true' | 'false'; cursor?: string }) =>
  api<Page<Instrument>>('/accounts/instruments', { query: { ...q, limit: 200 } });
export const registerInstrument = (enterpriseId: string, body: CreateInstrument) => api<Instrument>(`/accounts/enterprises/${encodeURIComponent(enterpriseId)}/instruments`, { method: 'POST', body });

const sheetType = (file: File) => (file.name.toLowerCase().endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv');

/** All rows or none; a refusal is a problem whose `errors` name row and column in the reader's language. */
export function importInstruments(enterpriseId: string, file: File, lang: string, onProgress: (f: number) => void) {
  return upload<{ created: number }>(`/accounts/enterprises/${encodeURIComponent(enterpriseId)}/instruments/import?lang=${encodeURIComponent(lang)}`, file, sheetType(file), onProgress);
}

export const instrumentTemplate = (lang: string) =>
  download('/accounts/instruments/template', { lang }, lang === 'en' ? 'instruments-template.xlsx' : '计量器具导入模板.xlsx');

/** Integrity signings or energy reviews of many enterprises (named by USCC), all rows or none, as importInstruments. */
export const importRecords = (kind: 'signings' | 'reviews', file: File, lang: string, onProgress: (f: number) => void) =>
  upload<{ created: number }>(`${kind === 'signings' ? '/accounts/integrity/commitments/import' : '/accounts/energy/reviews/import'}?lang=${encodeURIComponent(lang)}`, file, sheetType(file), onProgress);
export const recordsTemplate = (kind: 'signings' | 'reviews', lang: string) =>
  kind === 'signings'
    ? download('/accounts/integrity/commitments/template', { lang }, lang === 'en' ? 'integrity-signings-template.xlsx' : '诚信计量承诺导入模板.xlsx')
    : download('/accounts/energy/reviews/template', { lang }, lang === 'en' ? 'energy-reviews-template.xlsx' : '能源计量审查导入模板.xlsx');
/** The records in the caller's area as a workbook in words. */
export const exportRecords = (kind: 'integrity' | 'energy', lang: string, onProgress?: (f: number | null) => void) =>
  kind === 'integrity'
    ? download('/accounts/exports/integrity-commitments', { lang }, lang === 'en' ? 'integrity-commitments.xlsx' : '诚信计量承诺.xlsx', onProgress)
    : download('/accounts/exports/energy-reviews', { lang }, lang === 'en' ? 'energy-reviews.xlsx' : '能源计量审查.xlsx', onProgress);

export type InstrumentFigureCounts = Schemas['InstrumentFigureCounts'];
/** The registry's figures in the caller's scope, by city and class. */
export type InstrumentFigures = Schemas['InstrumentFigures'];
export type InstrumentPlan = Schemas['InstrumentPlan'];

type FigureQuery = { from?: string; to?: string; cityCode?: string };
export const instrumentFigures = (q: FigureQuery) => api<InstrumentFigures>('/accounts/instruments/figures', { query: q });
export const exportInstrumentFigures = (q: FigureQuery, lang: string, onProgress?: (f: number | null) => void) =>
  download('/accounts/exports/instrument-figures', { ...q, lang }, lang === 'en' ? 'instrument-figures.xlsx' : '计量器具统计.xlsx', onProgress);
export const instrumentPlanning = (q: { fromMonth?: string; months?: number; cityCode?: string }) => api<InstrumentPlan>('/accounts/instruments/planning', { query: q });
