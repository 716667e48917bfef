import { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract, regionCode } from '@metrodesk/http';
import type { http } from '@metrodesk/contracts';
import { parsePeriod } from '../domain/period';
import { LANGS } from '../domain/narrative';
import type { Summary } from '../domain/report';
import type { ReportDeps } from '../use-cases/ports';
import { getSummary } from '../use-cases/get-summary';
import { getCityTable } from '../use-cases/get-city-table';
import { getMonthlySeries } from '../use-cases/get-monthly-series';
import { getNarrative } from '../use-cases/get-narrative';
import { exportReport, EXPORT_TABLES } from '../use-cases/export-report';

type Api = http.reporting.components['schemas'];
type Ops = http.reporting.operations;

const periodFields = {
  period: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
};
const region = regionCode.optional();
const lang = z.enum(LANGS).optional();

export const summaryQuery = z.object({ ...periodFields, region }).strict();
export const cityTableQuery = z.object(periodFields).strict();
export const narrativeQuery = z.object({ ...periodFields, region, lang }).strict();
export const csvQuery = z.object({ ...periodFields, region, lang, table: z.enum(EXPORT_TABLES).optional() }).strict();

// The contract and the handlers must accept the same queries and return the same shapes.
checkContract<z.infer<typeof summaryQuery>, NonNullable<Ops['getSummary']['parameters']['query']>>(true);
checkContract<z.infer<typeof cityTableQuery>, NonNullable<Ops['getCityTable']['parameters']['query']>>(true);
checkContract<z.infer<typeof narrativeQuery>, NonNullable<Ops['getNarrative']['parameters']['query']>>(true);
checkContract<z.infer<typeof narrativeQuery>, NonNullable<Ops['exportXlsx']['parameters']['query']>>(true);
checkContract<z.infer<typeof csvQuery>, NonNullable<Ops['exportCsv']['parameters']['query']>>(true);
checkContract<Summary, Api['Summary']>(true);

export function reportsRouter(deps: ReportDeps): Router {
  const r = Router();
  r.get('/reports/summary', (req, res) => {
    const q = parseWith(summaryQuery, req.query, 'query');
    res.json(getSummary(deps, identityOf(req), { region: q.region, range: parsePeriod(q) }));
  });
  r.get('/reports/cities', (req, res) => {
    const q = parseWith(cityTableQuery, req.query, 'query');
    const table: Api['CityTable'] = getCityTable(deps, identityOf(req), parsePeriod(q));
    res.json(table);
  });
  r.get('/reports/monthly', (req, res) => {
    const q = parseWith(summaryQuery, req.query, 'query');
    const series: Api['MonthlySeries'] = getMonthlySeries(deps, identityOf(req), { region: q.region, range: parsePeriod(q) });
    res.json(series);
  });
  r.get('/reports/narrative', (req, res) => {
    const q = parseWith(narrativeQuery, req.query, 'query');
    const out: Api['Narrative'] = getNarrative(deps, identityOf(req), { region: q.region, range: parsePeriod(q), lang: q.lang ?? 'zh-CN' });
    res.json(out);
  });
  r.get('/reports/export.xlsx', async (req, res) => {
    const q = parseWith(narrativeQuery, req.query, 'query');
    const file = await exportReport(deps, identityOf(req), { region: q.region, range: parsePeriod(q), lang: q.lang ?? 'zh-CN', format: 'xlsx' });
    res.type(file.contentType).attachment(file.filename).send(file.body);
  });
  r.get('/reports/export.csv', async (req, res) => {
    const q = parseWith(csvQuery, req.query, 'query');
    const file = await exportReport(deps, identityOf(req), { region: q.region, range: parsePeriod(q), lang: q.lang ?? 'zh-CN', format: 'csv', table: q.table });
    res.type(file.contentType).attachment(file.filename).send(file.body);
  });
  return r;
}
