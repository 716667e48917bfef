/**
 * Request numbers: `<cityCode>-<yyyy>-<seq>`, e.g. 210100-2026-000123. The city is the
 * GB/T 2260 code of the city the request was filed in: unique across the country, already
 * on every request, and data rather than a letter table this service would have to keep
 * for every province. yyyy is the filing year in Asia/Shanghai, seq a counter per city and
 * year, zero-padded to 6 digits (longer once a city passes 999,999 in a year).
 */
export const REQUEST_NUMBER = /^\d{6}-\d{4}-\d{6,}$/;

const YEAR_IN_SHANGHAI = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' });

export const numberYear = (filedAt: Date): number => Number(YEAR_IN_SHANGHAI.format(filedAt));

/** The counter series a number comes from: one per city and year. */
export const numberSeries = (cityCode: string, year: number): string => `${cityCode}-${year}`;

export const formatNumber = (cityCode: string, year: number, seq: number): string => `${numberSeries(cityCode, year)}-${String(seq).padStart(6, '0')}`;

/** Whether a search text can only be (the start of) a request number: digits and dashes. */
export const looksLikeNumber = (q: string): boolean => /^\d[\d-]*$/.test(q.trim());
