import express, { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf } from '@metrodesk/http';
import { DomainError } from '@metrodesk/errors';
import type { AccountsDeps } from '../use-cases/ports';
import { importEnterprises } from '../use-cases/import-enterprises';
import { exportEnterprises } from '../use-cases/export-enterprises';
import { TABLE_COLUMNS } from '../domain/import-row';
import { readTable, writeTable, TABLE_FORMATS, type TableFormat } from '../import/table-file';
import { enterpriseFilterQuery, toEnterpriseFilter } from './common';
import { requireBureau } from '../use-cases/access';

const exportQuery = enterpriseFilterQuery.omit({ cursor: true, limit: true }).extend({ format: z.enum(['csv', 'xlsx']).default('csv') });
const EXPORT_COLUMNS = ['id', ...TABLE_COLUMNS, 'status', 'version'] as const;

export function formatOf(contentType: string | undefined): TableFormat {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === TABLE_FORMATS.csv || type === 'application/csv') return 'csv';
  if (type === TABLE_FORMATS.xlsx) return 'xlsx';
  throw new DomainError('unsupported_media_type', 415, `Send the file as ${TABLE_FORMATS.csv} or ${TABLE_FORMATS.xlsx}.`);
}

export function importExportRouter(deps: AccountsDeps): Router {
  const r = Router();
  r.post('/imports/enterprises', express.raw({ type: () => true, limit: '20mb' }), async (req, res) => {
    const format = formatOf(req.header('content-type'));
    const who = identityOf(req);
    // The role is checked before the file is parsed: parsing costs memory and its errors describe the file.
    requireBureau(who);
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const report = await importEnterprises(deps, who, await readTable(body, format));
    res.json(report);
  });
  r.get('/exports/enterprises', async (req, res) => {
    const { format, ...q } = parseWith(exportQuery, req.query, 'query');
    const { after: _after, limit: _limit, ...filter } = toEnterpriseFilter({ ...q, limit: 1 });
    const rows: string[][] = [];
    for await (const e of exportEnterprises(deps, identityOf(req), filter)) {
      const flat: Record<(typeof EXPORT_COLUMNS)[number], unknown> = { ...e, ...e.flags, tags: e.tags.join(';') };
      rows.push(EXPORT_COLUMNS.map((c) => (flat[c] === null || flat[c] === undefined ? '' : String(flat[c]))));
    }
    const file = await writeTable({ header: [...EXPORT_COLUMNS], rows }, format);
    res
      .type(TABLE_FORMATS[format])
      .set('Content-Disposition', `attachment; filename="enterprises.${format}"`)
      .send(file);
  });
  return r;
}
