// programmes branch: contracts/http/programmes.yaml; the summary from contracts/http/reporting.yaml
import { api, download, upload } from './http';
import type { http } from '@metrodesk/contracts';

/** The shapes of contracts/http/programmes.yaml, generated: a contract change breaks this build. */
type Schemas = http.programmes.components['schemas'];

export const PROGRAMMES = ['scientific', 'livelihood', 'integrity', 'energy', 'industry'] as const;
export type Programme = (typeof PROGRAMMES)[number];
export const VENUE_KINDS = ['market', 'supermarket', 'catering', 'hospital', 'school', 'community', 'enterprise', 'other'] as const;
export type VenueKind = (typeof VENUE_KINDS)[number];
export const FIGURES = ['venues', 'instrumentsChecked', 'instrumentsVerifiedFree', 'peopleServed', 'problemsFound', 'mediaReports'] as const;
export type Figure = (typeof FIGURES)[number];

export type Campaign = Schemas['Campaign'];
export type CreateCampaign = Schemas['CreateCampaign'];

export type ActivityInput = { cityCode: string; date: string; venueKind: VenueKind; notes?: string | null } & Record<Figure, number>;
export type Activity = ActivityInput & { id: string; campaignId: string; version: number; problems: { description: string; requestId: string | null }[] };

export type ImportReport = Schemas['ImportReport'];

export interface AnnualSummary {
  title: string;
  sections: { programme: Programme; heading: string; paragraphs: string[] }[];
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const listCampaigns = (year: number) => api<{ items: Campaign[] }>('/programmes/campaigns', { query: { year } });
export const createCampaign = (body: CreateCampaign) => api<Campaign>('/programmes/campaigns', { method: 'POST', body });
export const listActivities = (campaignId: string) => api<{ items: Activity[] }>('/programmes/activities', { query: { campaignId } });
export const recordActivity = (campaignId: string, body: ActivityInput) => api<Activity>(`/programmes/campaigns/${encodeURIComponent(campaignId)}/activities`, { method: 'POST', body });
export const importActivities = (campaignId: string, file: Blob, onProgress: (f: number) => void) =>
  upload<ImportReport>(`/programmes/campaigns/${encodeURIComponent(campaignId)}/activities/import`, file, XLSX, onProgress);
export const exportActivities = (campaignId: string, lang: string, fileName: string) => download('/programmes/activities/export', { campaignId, lang }, fileName);

export const getAnnualSummary = (period: string, lang: string, region?: string) => api<AnnualSummary>('/reporting/reports/annual-summary', { query: { period, lang, region } });
export const downloadSummaryDocx = (period: string, lang: string, fileName: string, region?: string) => download('/reporting/reports/annual-summary.docx', { period, lang, region }, fileName);
export const downloadProgrammeTables = (period: string, lang: string, fileName: string, region?: string) => download('/reporting/reports/programmes.xlsx', { period, lang, region }, fileName);
