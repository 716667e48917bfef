import { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract, regionCode } from '@metrodesk/http';
import type { http } from '@metrodesk/contracts';
import { LANGS } from '../domain/narrative';
import type { ReportDeps } from '../use-cases/ports';
import { AUDIT_KINDS, exportAudit, getAuditPage, type AuditQuery } from '../use-cases/get-audit';

type Api = http.reporting.components['schemas'];
type Ops = http.reporting.operations;

export const auditQuery = z
  .object({
    enterpriseId: z.string().min(1).optional(),
    requestId: z.string().min(1).optional(),
    kind: z.enum(AUDIT_KINDS).optional(),
    cityCode: regionCode.optional(),
    cursor: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
    lang: z.enum(LANGS).optional(),
    format: z.enum(['json', 'csv', 'xlsx']).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const given = [q.enterpriseId, q.requestId, q.kind].filter((v) => v !== undefined).length;
    if (given !== 1) ctx.addIssue({ code: 'custom', path: ['enterpriseId'], message: 'give exactly one of enterpriseId, requestId or kind' });
    if (q.cityCode && !q.kind) ctx.addIssue({ code: 'custom', path: ['cityCode'], message: 'cityCode goes with kind only' });
  });

checkContract<z.infer<typeof auditQuery>, NonNullable<Ops['getAudit']['parameters']['query']>>(true);

export function auditRouter(deps: ReportDeps): Router {
  const r = Router();
  r.get('/audit', async (req, res) => {
    const q = parseWith(auditQuery, req.query, 'query');
    const lang = q.lang ?? 'zh-CN';
    const what: AuditQuery = q.enterpriseId ? { enterpriseId: q.enterpriseId, lang } : q.requestId ? { requestId: q.requestId, lang } : { kind: q.kind!, cityCode: q.cityCode, lang };
    if (q.format === 'csv' || q.format === 'xlsx') {
      const file = await exportAudit(deps, identityOf(req), { ...what, format: q.format });
      res.type(file.contentType).attachment(file.filename).send(file.body);
      return;
    }
    const out: Api['AuditPage'] = await getAuditPage(deps, identityOf(req), { ...what, cursor: q.cursor, limit: q.limit ?? 50 });
    res.json(out);
  });
  return r;
}
