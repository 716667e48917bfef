/**
 * Certificate numbers: <prefix>-<cityCode>-<yyyy>-<courseCode>-<seq>, e.g. LN-210100-2026-JL101-00042.
 * prefix: the province (LN = Liaoning); cityCode: the organising city; yyyy: the year the
 * session ends; seq: a counter per (prefix, city, year, course), zero-padded to 5 digits.
 */
export const CERTIFICATE_NO = /^[A-Z]{2,4}-\d{6}-\d{4}-[A-Z][A-Z0-9]{1,11}-\d{5,}$/;

export interface CertificateSeries {
  prefix: string;
  cityCode: string;
  year: string;
  courseCode: string;
}

export const seriesKey = (s: CertificateSeries) => `${s.prefix}-${s.cityCode}-${s.year}-${s.courseCode}`;

export const certificateNumber = (s: CertificateSeries, seq: number) => `${seriesKey(s)}-${String(seq).padStart(5, '0')}`;
