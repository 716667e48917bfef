import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, regionCode } from '@metrodesk/http';
import type { AccountsDeps } from '../use-cases/ports';
import { LANGS, type Lang } from '../domain/instrument-words';
import { readTable, TABLE_FORMATS } from '../import/table-file';
import { energySheet, integritySheet, reviewTemplate, signingTemplate } from '../import/records-sheets';
import { importEnergyReviews, importSignings } from '../use-cases/import-records';
import { enterprisesWithRecords } from '../use-cases/export-records';
import { formatOf } from './import-export.router';
import { requireBureau } from '../use-cases/access';

const langQuery = z.object({ lang: z.enum(LANGS).default('zh-CN') }).strict();
const exportQuery = z.object({ lang: z.enum(LANGS).default('zh-CN'), cityCode: regionCode.optional() }).strict();

const sendXlsx = (res: Response, file: Buffer, name: string) =>
  res.type(TABLE_FORMATS.xlsx).attachment(name).send(file);

/** XLSX import (with its template) and export of the integrity and energy records, in the reader's language. */
export function recordsSheetsRouter(deps: AccountsDeps): Router {
  const r = Router();
  const names: Record<'signings' | 'reviews', Record<Lang, string>> = {
    signings: { 'zh-CN': '诚信计量承诺导入模板.xlsx', en: 'integrity-signings-template.xlsx' },
    reviews: { 'zh-CN': '能源计量审查导入模板.xlsx', en: 'energy-reviews-template.xlsx' },
  };
  r.get('/integrity/commitments/template', async (req, res) => {
    requireBureau(identityOf(req));
    const { lang } = parseWith(langQuery, req.query, 'query');
    sendXlsx(res, await signingTemplate(lang), names.signings[lang]);
  });
  r.get('/energy/reviews/template', async (req, res) => {
    requireBureau(identityOf(req));
    const { lang } = parseWith(langQuery, req.query, 'query');
    sendXlsx(res, await reviewTemplate(lang), names.reviews[lang]);
  });
  const upload = (run: typeof importSignings) => async (req: Request, res: Response) => {
    const { lang } = parseWith(langQuery, req.query, 'query');
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    res.status(201).json(await run(deps, identityOf(req), () => readTable(body, formatOf(req.header('content-type'))), lang));
  };
  const raw = express.raw({ type: () => true, limit: '20mb' });
  r.post('/integrity/commitments/import', raw, upload(importSignings));
  r.post('/energy/reviews/import', raw, upload(importEnergyReviews));
  r.get('/exports/integrity-commitments', async (req, res) => {
    const { lang, cityCode } = parseWith(exportQuery, req.query, 'query');
    const list = await enterprisesWithRecords(deps, identityOf(req), 'integrity', cityCode);
    sendXlsx(res, await integritySheet(list, await deps.regions.current(), lang), lang === 'en' ? 'integrity-commitments.xlsx' : '诚信计量承诺.xlsx');
  });
  r.get('/exports/energy-reviews', async (req, res) => {
    const { lang, cityCode } = parseWith(exportQuery, req.query, 'query');
    const list = await enterprisesWithRecords(deps, identityOf(req), 'energy', cityCode);
    sendXlsx(res, await energySheet(list, await deps.regions.current(), lang), lang === 'en' ? 'energy-reviews.xlsx' : '能源计量审查.xlsx');
  });
  return r;
}
