// qualifications branch: contracts/http/qualifications.yaml
import { api, upload } from './http';
import type { Page } from './identity';
import type { http } from '@metrodesk/contracts';

/** The shapes of contracts/http/qualifications.yaml, generated: a contract change breaks this build. */
type Schemas = http.qualifications.components['schemas'];

export type QualificationFile = Schemas['QualificationFile'];
export type CreateFile = Schemas['CreateFile'];
export type QualificationType = Schemas['QualificationType'];
export type ImportReport = Schemas['ImportReport'];

export const listFiles = (q: { employerUscc?: string; cityCode?: string; status?: string; cursor?: string; limit?: number }) => api<Page<QualificationFile>>('/qualifications/files', { query: q });
export const fileQualification = (body: CreateFile) => api<QualificationFile>('/qualifications/files', { method: 'POST', body });
export const listTypes = () => api<QualificationType[] | { items: QualificationType[] }>('/qualifications/qualification-types');
export function importFiles(file: File, onProgress: (f: number) => void) {
  const type = file.name.toLowerCase().endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
  return upload<ImportReport>('/qualifications/imports/files', file, type, onProgress);
}
