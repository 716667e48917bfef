import express, { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract, isoDate } from '@metrodesk/http';
import type { http } from '@metrodesk/contracts';
import { INSTRUMENT_CLASSES, INSTRUMENT_STATUSES, INSTRUMENT_USES, type InstrumentFields } from '../domain/instrument';
import { decodeCursor } from '../domain/cursor';
import type { AccountsDeps } from '../use-cases/ports';
import { registerInstrument } from '../use-cases/register-instrument';
import { getInstrument } from '../use-cases/instrument-access';
import { updateInstrument } from '../use-cases/update-instrument';
import { removeInstrument } from '../use-cases/remove-instrument';
import { listInstruments } from '../use-cases/list-instruments';
import { etag, expectedVersion, nextCursor, pageParams, regionCode } from './common';
import { toInstrumentDto } from './dto';
import { importInstruments } from '../use-cases/import-instruments';
import { runDueScan } from '../use-cases/run-due-scan';
import { bureauDay } from '../domain/outreach';
import { LANGS } from '../domain/instrument-words';
import { instrumentTemplate } from '../import/instrument-template';
import { readTable, TABLE_FORMATS } from '../import/table-file';
import { formatOf } from './import-export.router';
import { instrumentFigures } from '../use-cases/instrument-figures';
import { instrumentPlanning } from '../use-cases/instrument-planning';
import { instrumentFiguresSheet } from '../import/instrument-figures-sheet';

type Api = http.accounts.components['schemas'];

const text = (max: number) => z.string().trim().min(1).max(max);
const stated = {
  instrumentClass: z.enum(INSTRUMENT_CLASSES),
  model: text(100).nullable().optional(),
  serialNo: text(100),
  location: text(200).nullable().optional(),
  use: z.enum(INSTRUMENT_USES),
  compulsory: z.boolean().optional(),
  cycleMonths: z.number().int().min(1).max(120),
  lastVerifiedOn: isoDate,
  certificateNo: text(100).nullable().optional(),
  status: z.enum(INSTRUMENT_STATUSES).optional(),
};

export const createInstrumentBody = z.object(stated).strict();
export const updateInstrumentBody = z
  .object({ version: z.number().int().positive().optional(), ...stated })
  .partial()
  .strict();

checkContract<z.infer<typeof createInstrumentBody>, Api['CreateInstrument']>(true);
checkContract<z.infer<typeof updateInstrumentBody>, Api['UpdateInstrument']>(true);

const booleanParam = z.enum(['true', 'false']).transform((v) => v === 'true');
const listQuery = z
  .object({
    enterpriseId: z.string().min(1).max(100).optional(),
    cityCode: regionCode.optional(),
    instrumentClass: z.enum(INSTRUMENT_CLASSES).optional(),
    use: z.enum(INSTRUMENT_USES).optional(),
    status: z.enum(INSTRUMENT_STATUSES).optional(),
    compulsory: booleanParam.optional(),
    dueBy: isoDate.optional(),
    ...pageParams,
  })
  .strict();

/** What a person stated, with the unstated optional fields as "none". */
export function toFields(body: z.infer<typeof createInstrumentBody>): InstrumentFields {
  return { ...body, model: body.model ?? null, location: body.location ?? null, certificateNo: body.certificateNo ?? null, compulsory: body.compulsory ?? null, status: body.status ?? 'in_use' };
}

const today = (deps: AccountsDeps) => bureauDay(deps.now?.() ?? new Date());

const figuresQuery = z
  .object({ from: isoDate.optional(), to: isoDate.optional(), cityCode: regionCode.optional() })
  .strict();
const figuresExportQuery = figuresQuery.extend({ lang: z.enum(LANGS).default('zh-CN') }).strict();
const planningQuery = z
  .object({
    fromMonth: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM').optional(),
    months: z.coerce.number().int().min(1).max(12).default(3),
    cityCode: regionCode.optional(),
  })
  .strict();

/** The period the figures cover: the bureau's year so far unless asked otherwise. */
const period = (deps: AccountsDeps, q: { from?: string; to?: string }) => {
  const day = today(deps);
  return { from: q.from ?? `${day.slice(0, 4)}-01-01`, to: q.to ?? day };
};

const langQuery = z.object({ lang: z.enum(LANGS).default('zh-CN') }).strict();

export function instrumentsRouter(deps: AccountsDeps): Router {
  const r = Router();
  r.get('/instruments/template', async (req, res) => {
    const { lang } = parseWith(langQuery, req.query, 'query');
    res
      .type(TABLE_FORMATS.xlsx)
      .attachment(lang === 'en' ? 'instruments-template.xlsx' : '计量器具导入模板.xlsx')
      .send(await instrumentTemplate(lang));
  });
  r.post('/enterprises/:id/instruments/import', express.raw({ type: () => true, limit: '20mb' }), async (req, res) => {
    const { lang } = parseWith(langQuery, req.query, 'query');
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const result = await importInstruments(deps, identityOf(req), String(req.params.id), () => readTable(body, formatOf(req.header('content-type'))), lang);
    res.status(201).json(result);
  });
  r.post('/admin/instruments/due-scan', async (req, res) => {
    res.json(await runDueScan(deps, identityOf(req)));
  });
  r.get('/instruments/figures', async (req, res) => {
    const q = parseWith(figuresQuery, req.query, 'query');
    res.json(await instrumentFigures(deps, identityOf(req), { ...period(deps, q), cityCode: q.cityCode }));
  });
  r.get('/exports/instrument-figures', async (req, res) => {
    const { lang, ...q } = parseWith(figuresExportQuery, req.query, 'query');
    const figures = await instrumentFigures(deps, identityOf(req), { ...period(deps, q), cityCode: q.cityCode });
    res
      .type(TABLE_FORMATS.xlsx)
      .attachment(lang === 'en' ? `instrument-figures-${figures.from}-${figures.to}.xlsx` : `计量器具统计-${figures.from}-${figures.to}.xlsx`)
      .send(await instrumentFiguresSheet(figures, await deps.regions.current(), lang));
  });
  r.get('/instruments/planning', async (req, res) => {
    res.json(await instrumentPlanning(deps, identityOf(req), parseWith(planningQuery, req.query, 'query')));
  });
  r.get('/instruments', async (req, res) => {
    const { cursor, ...q } = parseWith(listQuery, req.query, 'query');
    const page = await listInstruments(deps, identityOf(req), { ...q, after: cursor ? decodeCursor(cursor) : undefined });
    res.json({ items: page.items.map((i) => toInstrumentDto(i, today(deps))), nextCursor: nextCursor(page.next) });
  });
  r.post('/enterprises/:id/instruments', async (req, res) => {
    const i = await registerInstrument(deps, identityOf(req), String(req.params.id), toFields(parseWith(createInstrumentBody, req.body)));
    res.status(201).location(`/instruments/${i.id}`).set('ETag', etag(i.version)).json(toInstrumentDto(i, today(deps)));
  });
  r.get('/instruments/:id', async (req, res) => {
    const i = await getInstrument(deps, identityOf(req), String(req.params.id));
    res.set('ETag', etag(i.version)).json(toInstrumentDto(i, today(deps)));
  });
  r.patch('/instruments/:id', async (req, res) => {
    const { version, ...change } = parseWith(updateInstrumentBody, req.body);
    const i = await updateInstrument(deps, identityOf(req), String(req.params.id), expectedVersion(req, version, true)!, change);
    res.set('ETag', etag(i.version)).json(toInstrumentDto(i, today(deps)));
  });
  r.delete('/instruments/:id', async (req, res) => {
    await removeInstrument(deps, identityOf(req), String(req.params.id), expectedVersion(req, undefined, true)!);
    res.status(204).end();
  });
  return r;
}
