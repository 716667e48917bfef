import { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, regionCode } from '@metrodesk/http';
import type { http } from '@metrodesk/contracts';
import { parsePeriod } from '../domain/period';
import { LANGS } from '../domain/narrative';
import { summaryText } from '../domain/annual-summary';
import { annualWorkSummary, programmeReport, type ProgrammeReportDeps } from '../use-cases/programme-report';
import { DOCX_TYPE, programmeXlsx, summaryDocx, XLSX_TYPE } from '../use-cases/summary-files';

const query = z
  .object({
    period: z.string().optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    region: regionCode.optional(),
    lang: z.enum(LANGS).optional(),
  })
  .strict();

type Api = http.reporting.components['schemas'];

const fileName = (base: string, q: { period?: string; from?: string; to?: string }, ext: string) => `${base}-${q.period ?? `${q.from ?? ''}_${q.to ?? ''}`}.${ext}`;

export function programmesRouter(deps: ProgrammeReportDeps): Router {
  const r = Router();
  r.get('/reports/programmes', async (req, res) => {
    const q = parseWith(query, req.query, 'query');
    const out: Api['ProgrammeReport'] = await programmeReport(deps, identityOf(req), { region: q.region, range: parsePeriod(q) });
    res.json(out);
  });
  r.get('/reports/programmes.xlsx', async (req, res) => {
    const q = parseWith(query, req.query, 'query');
    const report = await programmeReport(deps, identityOf(req), { region: q.region, range: parsePeriod(q) });
    res.type(XLSX_TYPE).attachment(fileName('programmes', q, 'xlsx')).send(await programmeXlsx(report, q.lang ?? 'zh-CN'));
  });
  r.get('/reports/annual-summary', async (req, res) => {
    const q = parseWith(query, req.query, 'query');
    const { summary, report } = await annualWorkSummary(deps, identityOf(req), { region: q.region, range: parsePeriod(q), lang: q.lang ?? 'zh-CN' });
    const out: Api['AnnualSummary'] = { ...summary, text: summaryText(summary), figures: report };
    res.json(out);
  });
  r.get('/reports/annual-summary.docx', async (req, res) => {
    const q = parseWith(query, req.query, 'query');
    const { summary } = await annualWorkSummary(deps, identityOf(req), { region: q.region, range: parsePeriod(q), lang: q.lang ?? 'zh-CN' });
    res.type(DOCX_TYPE).attachment(fileName(q.lang === 'en' ? 'metrology-work-summary' : '计量工作总结', q, 'docx')).send(await summaryDocx(summary));
  });
  return r;
}
