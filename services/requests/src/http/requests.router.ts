import { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract, regionCode } from '@metrodesk/http';
import { REQUEST_CATEGORIES, PRIORITIES, REQUEST_STATES } from '@metrodesk/contracts';
import { SLA_STATES } from '../domain/sla';
import type { RequestsDeps } from '../use-cases/ports';
import { fileRequest } from '../use-cases/file-request';
import { getRequest } from '../use-cases/get-request';
import { listRequests } from '../use-cases/list-requests';
import { exportRequests } from '../use-cases/export-requests';
import { LANGS } from '../domain/words';
import { addComment } from '../use-cases/add-comment';
import { importHistory } from '../use-cases/import-history';
import { requestDto, timelineDto, commentDto, type Api } from './dto';
import { filingFiles, uploadOf } from './uploads';

/** A real calendar day, YYYY-MM-DD. */
export const isoDay = z.iso.date({ error: 'must be a date YYYY-MM-DD' });

export const fileRequestBody = z
  .object({
    enterpriseId: z.string().min(1).optional(),
    category: z.enum(REQUEST_CATEGORIES),
    title: z.string().trim().min(1).max(200),
    description: z.string().trim().min(1).max(5000),
    instruments: z
      .array(z.object({ class: z.string().trim().min(1).max(100), count: z.number().int().min(1).max(100000), model: z.string().trim().max(100).optional() }).strict())
      .max(100)
      .optional(),
    siteAddress: z.string().trim().max(500).optional(),
    priority: z.enum(PRIORITIES).optional(),
    preferredTime: z.string().trim().max(100).optional(),
    preferredDate: isoDay.optional(),
  })
  .strict();
checkContract<z.infer<typeof fileRequestBody>, Api['FileRequest']>(true);

export const addCommentBody = z.object({ body: z.string().trim().min(1).max(5000), visibility: z.enum(['public', 'internal']) }).strict();
checkContract<z.infer<typeof addCommentBody>, Api['AddComment']>(true);

const csvOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()).filter(Boolean))
    .pipe(z.array(z.enum(values)));

/** The filters a list and an export share. */
const filterQuery = z.object({
  state: csvOf(REQUEST_STATES).optional(),
  slaState: csvOf(SLA_STATES).optional(),
  category: csvOf(REQUEST_CATEGORIES).optional(),
  priority: csvOf(PRIORITIES).optional(),
  dueWithinHours: z.coerce.number().int().min(1).max(8760).optional(),
  cityCode: regionCode.optional(),
  assigneeId: z.string().min(1).optional(),
  enterpriseId: z.string().min(1).optional(),
  q: z.string().trim().min(1).max(100).optional(),
  sort: z.enum(['deadline', 'newest']).default('newest'),
});
const listQuery = filterQuery.extend({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).optional(),
});
const exportQuery = filterQuery.extend({ lang: z.enum(LANGS).default('zh-CN'), format: z.enum(['xlsx', 'csv']).default('xlsx') });
const langQuery = z.object({ lang: z.enum(LANGS).default('zh-CN') });
/** Each row is checked by the use case, so that every problem is named by row and column. */
const importBody = z.object({ rows: z.array(z.unknown()) }).strict();

/** The query's filters in the use cases' terms; due-within counts from now. */
function filterOf(q: z.infer<typeof filterQuery>, now: Date) {
  const { state, slaState, category, priority, dueWithinHours, ...rest } = q;
  return {
    ...rest,
    states: state,
    slaStates: slaState,
    categories: category,
    priorities: priority,
    dueBefore: dueWithinHours === undefined ? undefined : new Date(now.getTime() + dueWithinHours * 3600_000),
  };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A multipart filing carries the filing's JSON in the field "request" beside its files. */
const multipartFiling = z.object({
  request: z.string({ error: 'a multipart filing carries the request as JSON in the field "request"' }).transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON' });
      return z.NEVER;
    }
  }),
});

const idempotencyKey = z.string({ error: 'Idempotency-Key header is required: it makes a retried filing safe' }).min(1).max(200);

export function requestsRouter(deps: RequestsDeps): Router {
  const r = Router();
  r.post('/requests', filingFiles, async (req, res) => {
    // Required, so that a retried filing can never file twice.
    const key = parseWith(idempotencyKey, req.header('idempotency-key'), 'headers');
    const multipart = Boolean(req.is('multipart/form-data'));
    const body = parseWith(fileRequestBody, multipart ? parseWith(multipartFiling, req.body).request : req.body);
    const files = Array.isArray(req.files) ? req.files.map(uploadOf) : [];
    const { request, replayed } = await fileRequest(deps, identityOf(req), body, key, files);
    res.status(201).location(`/requests/${request.id}`).setHeader('Idempotent-Replayed', String(replayed));
    res.json(requestDto(request));
  });
  r.get('/requests', async (req, res) => {
    const { limit, cursor, ...q } = parseWith(listQuery, req.query, 'query');
    const page = await listRequests(deps, identityOf(req), { ...filterOf(q, deps.now?.() ?? new Date()), limit, cursor });
    const body: Api['RequestPage'] = { items: page.items.map(requestDto), nextCursor: page.nextCursor, total: page.total };
    res.json(body);
  });
  // Before /requests/:id, which would read "import" and "export" as ids.
  r.post('/requests/import', async (req, res) => {
    const { lang } = parseWith(langQuery, req.query, 'query');
    const { rows } = parseWith(importBody, req.body);
    const report: Api['ImportReport'] = await importHistory(deps, identityOf(req), rows, lang);
    res.status(report.imported > 0 ? 201 : 200).json(report);
  });
  r.get('/requests/export', async (req, res) => {
    const { lang, format, ...q } = parseWith(exportQuery, req.query, 'query');
    const { body, filename } = await exportRequests(deps, identityOf(req), filterOf(q, deps.now?.() ?? new Date()), lang, format);
    res.status(200).type(format === 'csv' ? 'text/csv; charset=utf-8' : XLSX).attachment(filename).send(body);
  });
  r.get('/requests/:id', async (req, res) => {
    res.json(requestDto(await getRequest(deps, identityOf(req), String(req.params.id))));
  });
  r.get('/requests/:id/timeline', async (req, res) => {
    const who = identityOf(req);
    res.json(timelineDto(who, await getRequest(deps, who, String(req.params.id))));
  });
  r.post('/requests/:id/comments', async (req, res) => {
    const body = parseWith(addCommentBody, req.body);
    const { comment, request } = await addComment(deps, identityOf(req), String(req.params.id), body);
    const out: Api['CommentResult'] = { comment: commentDto(comment), request: requestDto(request) };
    res.status(201).json(out);
  });
  return r;
}
