import { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract, regionCode } from '@metrodesk/http';
import { VISIT_SLOTS } from '@metrodesk/contracts';
import type { RequestsDeps } from '../use-cases/ports';
import { arrangeVisit, type VisitRequest } from '../use-cases/arrange-visit';
import { listVerifiers } from '../use-cases/list-verifiers';
import { linkVerifier } from '../use-cases/link-verifier';
import { requestDto, type Api } from './dto';
import { isoDay } from './requests.router';

const version = z.number().int().min(1);
const instrumentClass = z.string().trim().min(1).max(100);

const scheduleBody = z
  .object({
    version,
    date: isoDay,
    slot: z.enum(VISIT_SLOTS),
    siteAddress: z.string().trim().min(1).max(500).optional(),
    instruments: z.array(z.object({ class: instrumentClass, count: z.number().int().min(1).max(100000) }).strict()).min(1).max(100).optional(),
    verifierKeys: z.array(z.string().min(1)).min(1).max(20),
  })
  .strict();
const cancelBody = z.object({ version, reason: z.string().trim().min(1).max(2000) }).strict();
const completeBody = z
  .object({
    version,
    verified: z.array(z.object({ class: instrumentClass, count: z.number().int().min(0).max(100000) }).strict()).min(1).max(100),
    freeOfCharge: z.boolean(),
    certificateNos: z.array(z.string().trim().min(1).max(100)).max(1000).optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .strict();
const linkBody = z.object({ userId: z.string().min(1).nullable(), userName: z.string().trim().min(1).max(100).nullable() }).strict();
const verifierQuery = z.object({
  cityCode: regionCode.optional(),
  institute: z.string().min(1).max(18).optional(),
  classes: z
    .string()
    .max(2000)
    .optional()
    .transform((s) => (s ?? '').split(',').map((c) => c.trim()).filter(Boolean)),
  date: isoDay.optional(),
});

checkContract<z.infer<typeof scheduleBody>, Api['ScheduleVisit']>(true);
checkContract<z.infer<typeof cancelBody>, Api['CancelVisit']>(true);
checkContract<z.infer<typeof completeBody>, Api['CompleteVisit']>(true);
checkContract<z.infer<typeof linkBody>, Api['VerifierLink']>(true);

type Schedule = z.infer<typeof scheduleBody>;
const plan = (b: Schedule) => ({ date: b.date, slot: b.slot, siteAddress: b.siteAddress, instruments: b.instruments });

/** Visits on a request, and the verifiers a visit may name. Registered before /requests/:id. */
export function visitsRouter(deps: RequestsDeps): Router {
  const r = Router();
  const run = async (req: import('express').Request, version: number, v: VisitRequest) => requestDto(await arrangeVisit(deps, identityOf(req), String(req.params.id), version, v));

  r.get('/requests/verifiers', async (req, res) => {
    const q = parseWith(verifierQuery, req.query, 'query');
    const body: Api['VerifierList'] = await listVerifiers(deps, identityOf(req), q).then((l) => ({ ...l, institutes: l.institutes.map((i) => ({ ...i, verifiers: i.verifiers.map(verifierDto) })) }));
    res.json(body);
  });
  r.put('/requests/verifiers/:personKey/user', async (req, res) => {
    const b = parseWith(linkBody, req.body);
    const link = b.userId && b.userName ? { userId: b.userId, userName: b.userName } : null;
    res.json(verifierDto(await linkVerifier(deps, identityOf(req), String(req.params.personKey), link)));
  });
  r.post('/requests/:id/visits', async (req, res) => {
    const b = parseWith(scheduleBody, req.body);
    res.status(201).json(await run(req, b.version, { action: 'schedule', plan: plan(b), verifierKeys: b.verifierKeys }));
  });
  r.put('/requests/:id/visits/:visitId', async (req, res) => {
    const b = parseWith(scheduleBody, req.body);
    res.json(await run(req, b.version, { action: 'reschedule', visitId: String(req.params.visitId), plan: plan(b), verifierKeys: b.verifierKeys }));
  });
  r.post('/requests/:id/visits/:visitId/cancel', async (req, res) => {
    const b = parseWith(cancelBody, req.body);
    res.json(await run(req, b.version, { action: 'cancel', visitId: String(req.params.visitId), reason: b.reason }));
  });
  r.post('/requests/:id/visits/:visitId/complete', async (req, res) => {
    const b = parseWith(completeBody, req.body);
    res.json(await run(req, b.version, { action: 'complete', visitId: String(req.params.visitId), verified: b.verified, freeOfCharge: b.freeOfCharge, certificateNos: b.certificateNos ?? [], note: b.note ?? null }));
  });
  return r;
}

function verifierDto(v: import('../use-cases/list-verifiers').VerifierView): Api['Verifier'] {
  return { ...v, files: v.files.map((f) => ({ fileId: f.fileId, certificateNo: f.certificateNo, type: f.type, scope: f.scope, issuedOn: f.issuedOn, expiresOn: f.expiresOn, status: f.status })) };
}
