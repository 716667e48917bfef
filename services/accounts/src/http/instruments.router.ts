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
import { LANGS } from '../domain/instrument-words';
import { instrumentTemplate } from '../io/instrument-template';
import { readTable, TABLE_FORMATS } from '../io/table-file';
import { formatOf } from './import-export.router';

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
  r.get('/instruments', async (req, res) => {
    const { cursor, ...q } = parseWith(listQuery, req.query, 'query');
    const page = await listInstruments(deps, identityOf(req), { ...q, after: cursor ? decodeCursor(cursor) : undefined });
    res.json({ items: page.items.map(toInstrumentDto), nextCursor: nextCursor(page.next) });
  });
  r.post('/enterprises/:id/instruments', async (req, res) => {
    const i = await registerInstrument(deps, identityOf(req), String(req.params.id), toFields(parseWith(createInstrumentBody, req.body)));
    res.status(201).location(`/instruments/${i.id}`).set('ETag', etag(i.version)).json(toInstrumentDto(i));
  });
  r.get('/instruments/:id', async (req, res) => {
    const i = await getInstrument(deps, identityOf(req), String(req.params.id));
    res.set('ETag', etag(i.version)).json(toInstrumentDto(i));
  });
  r.patch('/instruments/:id', async (req, res) => {
    const { version, ...change } = parseWith(updateInstrumentBody, req.body);
    const i = await updateInstrument(deps, identityOf(req), String(req.params.id), expectedVersion(req, version, true)!, change);
    res.set('ETag', etag(i.version)).json(toInstrumentDto(i));
  });
  r.delete('/instruments/:id', async (req, res) => {
    await removeInstrument(deps, identityOf(req), String(req.params.id), expectedVersion(req, undefined, true)!);
    res.status(204).end();
  });
  return r;
}
