import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { makeUscc, USCC_ALPHABET } from '@metrodesk/codes';

export const CITIES = ['210100', '210200', '210300', '210400', '210500', '210600', '210700', '210800', '210900', '211000', '211100', '211200', '211300', '211400'];

/** node:http rather than fetch: fetch gives up after 300 s without response headers, and a slow machine can take longer. */
export function call(port: number, method: string, path: string, identity: string, body?: string, type = 'application/json'): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { 'content-type': type, 'x-metrodesk-identity': identity } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export interface BenchEnterpriseRow {
  uscc: string;
  cityCode: string;
}

/**
 * A CSV of `n` enterprises with USCCs of this run (so reruns never clash), spread over the
 * province's cities; `extra` adds further columns after uscc, name and cityCode.
 */
export function enterprisesCsv(n: number, name: (i: number) => string, extra: { header: string[]; row: (i: number) => string[] } = { header: [], row: () => [] }): { csv: string; rows: BenchEnterpriseRow[] } {
  const run = randomBytes(2).toString('hex').toUpperCase().replace(/[IOSVZ]/g, '0');
  const lines = [['uscc', 'name', 'cityCode', ...extra.header].join(',')];
  const rows: BenchEnterpriseRow[] = [];
  for (let i = 0; i < n; i++) {
    const body = (run + i.toString(31).toUpperCase().padStart(4, '0')).split('').map((c) => USCC_ALPHABET[parseInt(c, 36) % 31]).join('');
    const cityCode = CITIES[i % CITIES.length]!;
    const uscc = makeUscc('9', '1', cityCode.slice(0, 4) + '02', body);
    rows.push({ uscc, cityCode });
    lines.push([uscc, name(i), cityCode, ...extra.row(i)].join(','));
  }
  return { csv: lines.join('\n'), rows };
}

export interface ImportAnswer {
  summary: Record<string, number>;
  rows: Array<{ row: number; uscc: string; outcome: string; id?: string }>;
}

/** POST /imports/enterprises with the CSV; anything but 200 is an error. */
export async function importEnterprises(port: number, identity: string, csv: string): Promise<ImportAnswer> {
  const res = await call(port, 'POST', '/imports/enterprises', identity, csv, 'text/csv');
  if (res.status !== 200) throw new Error(`enterprise import answered ${res.status}: ${res.text.slice(0, 500)}`);
  return JSON.parse(res.text) as ImportAnswer;
}
