// qualifications branch: contracts/http/qualifications.yaml
import { api, upload } from './http';
import type { Page } from './identity';

export interface QualificationFile {
  id: string;
  personName: string;
  type: string;
  scope: string[];
  certificateNo: string;
  issuingAuthority: string;
  issuedOn: string;
  expiresOn: string;
  status: 'valid' | 'expiring' | 'expired' | 'revoked' | 'suspended';
  employer: { uscc: string; name: string };
  cityCode: string | null;
  version: number;
}

export interface CreateFile {
  person: { idNumber: string; name: string };
  type: string;
  scope: string[];
  certificateNo: string;
  issuingAuthority: string;
  issuedOn: string;
  expiresOn: string;
  employer: { uscc: string; name: string };
}

export interface QualificationType {
  code: string;
  name: string;
  nameEn?: string;
}

export interface ImportReport {
  total: number;
  filed: number;
  unchanged: number;
  errors: number;
  rows: { row: number; status: 'filed' | 'unchanged' | 'error'; errors: { path: string; message: string }[] }[];
}

export const listFiles = (q: { employerUscc?: string; cityCode?: string; status?: string; cursor?: string; limit?: number }) => api<Page<QualificationFile>>('/qualifications/files', { query: q });
export const fileQualification = (body: CreateFile) => api<QualificationFile>('/qualifications/files', { method: 'POST', body });
export const listTypes = () => api<QualificationType[] | { items: QualificationType[] }>('/qualifications/qualification-types');
export function importFiles(file: File, onProgress: (f: number) => void) {
  const type = file.name.toLowerCase().endsWith('.xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
  return upload<ImportReport>('/qualifications/imports/files', file, type, onProgress);
}
