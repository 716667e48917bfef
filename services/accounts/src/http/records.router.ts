import { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract } from '@metrodesk/http';
import type { http } from '@metrodesk/contracts';
import { DATA_COLLECTION } from '../domain/records';
import type { Enterprise } from '../domain/enterprise';
import type { AccountsDeps } from '../use-cases/ports';
import { getEnterprise } from '../use-cases/get-enterprise';
import { signCommitment } from '../use-cases/sign-commitment';
import { withdrawCommitment } from '../use-cases/withdraw-commitment';
import { nameDemonstration } from '../use-cases/name-demonstration';
import { recordEnergyReview } from '../use-cases/record-energy-review';
import { setDataCollection } from '../use-cases/set-data-collection';
import { etag, expectedVersion, isoDate } from './common';

type Api = http.accounts.components['schemas'];

const uscc = z.string().trim().length(18, 'must be 18 characters');

export const signCommitmentBody = z
  .object({ uscc, signedOn: isoDate, document: z.object({ name: z.string().trim().min(1).max(200), ref: z.string().trim().min(1).max(500) }).strict().nullable().optional() })
  .strict();
export const withdrawCommitmentBody = z.object({ withdrawnOn: isoDate, version: z.number().int().positive().optional() }).strict();
export const nameDemonstrationBody = z.object({ uscc, year: z.number().int().min(2000).max(2999) }).strict();
export const energyReviewBody = z
  .object({
    uscc,
    date: isoDate,
    reviewers: z.array(z.string().trim().min(1).max(100)).min(1).max(50),
    instrumentsReviewed: z.number().int().min(0).max(10_000_000),
    findings: z.string().max(4000).nullable().optional(),
    followUpRequestIds: z.array(z.string().min(1).max(100)).max(100).optional(),
  })
  .strict();
export const dataCollectionBody = z.object({ status: z.enum(DATA_COLLECTION), since: isoDate, version: z.number().int().positive().optional() }).strict();

checkContract<z.infer<typeof signCommitmentBody>, Api['SignCommitment']>(true);
checkContract<z.infer<typeof withdrawCommitmentBody>, Api['WithdrawCommitment']>(true);
checkContract<z.infer<typeof nameDemonstrationBody>, Api['NameDemonstration']>(true);
checkContract<z.infer<typeof energyReviewBody>, Api['RecordEnergyReview']>(true);
checkContract<z.infer<typeof dataCollectionBody>, Api['SetDataCollection']>(true);

/** An enterprise's integrity and energy records, with the flags they imply. */
export function toRecordsDto(e: Enterprise): Api['EnterpriseRecords'] {
  return { enterpriseId: e.id, uscc: e.uscc, name: e.name, cityCode: e.cityCode, version: e.version, flags: e.flags, ...e.records };
}

export function recordsRouter(deps: AccountsDeps): Router {
  const r = Router();
  const send = (res: import('express').Response, e: Enterprise, status = 200) => res.status(status).set('ETag', etag(e.version)).json(toRecordsDto(e));
  r.get('/enterprises/:id/records', async (req, res) => {
    send(res, await getEnterprise(deps, identityOf(req), String(req.params.id)));
  });
  r.post('/integrity/commitments', async (req, res) => {
    const body = parseWith(signCommitmentBody, req.body);
    send(res, await signCommitment(deps, identityOf(req), { ...body, document: body.document ?? null }), 201);
  });
  r.post('/enterprises/:id/integrity/commitments/:commitmentId/withdraw', async (req, res) => {
    const body = parseWith(withdrawCommitmentBody, req.body);
    send(res, await withdrawCommitment(deps, identityOf(req), String(req.params.id), String(req.params.commitmentId), body.withdrawnOn, expectedVersion(req, body.version, false)));
  });
  r.post('/integrity/demonstrations', async (req, res) => {
    send(res, await nameDemonstration(deps, identityOf(req), parseWith(nameDemonstrationBody, req.body)), 201);
  });
  r.post('/energy/reviews', async (req, res) => {
    const body = parseWith(energyReviewBody, req.body);
    send(res, await recordEnergyReview(deps, identityOf(req), { ...body, findings: body.findings?.trim() || null, followUpRequestIds: body.followUpRequestIds ?? [] }), 201);
  });
  r.put('/enterprises/:id/energy/data-collection', async (req, res) => {
    const { version, ...status } = parseWith(dataCollectionBody, req.body);
    send(res, await setDataCollection(deps, identityOf(req), String(req.params.id), status, expectedVersion(req, version, false)));
  });
  return r;
}
