import { Router } from 'express';
import { z } from 'zod';
import { checkContract, identityOf, parseWith } from '@metrodesk/http';
import type { http } from '@metrodesk/contracts';
import type { AssignmentDeps } from '../use-cases/ports';
import { getAssignment } from '../use-cases/get-assignment';
import { assignRequest } from '../use-cases/assign-request';
import { transferRequest } from '../use-cases/transfer-request';
import { listQueue } from '../use-cases/list-queue';
import { rebalanceCity } from '../use-cases/rebalance-city';
import { listEligibleLiaisons } from '../use-cases/list-eligible-liaisons';
import { cityCode, cityQuery } from './common';

type Api = http.assignment.components['schemas'];

export const assignBody = z.object({ liaisonId: z.string().min(1) }).strict();
checkContract<z.infer<typeof assignBody>, Api['AssignBody']>(true);

export const transferBody = z.object({ toLiaisonId: z.string().min(1).optional(), toCityCode: cityCode.optional(), reason: z.string().trim().min(1).max(1000) }).strict();
checkContract<z.infer<typeof transferBody>, Api['TransferBody']>(true);

const cityParams = z.object({ cityCode });

export function assignmentsRouter(deps: AssignmentDeps): Router {
  const r = Router();
  r.get('/requests/:requestId/assignment', async (req, res) => {
    res.json(await getAssignment(deps, identityOf(req), String(req.params.requestId)));
  });
  r.get('/requests/:requestId/eligible-liaisons', async (req, res) => {
    const q = parseWith(cityQuery, req.query, 'query');
    res.json(await listEligibleLiaisons(deps, identityOf(req), String(req.params.requestId), q.cityCode));
  });
  r.post('/requests/:requestId/assign', async (req, res) => {
    res.json(await assignRequest(deps, identityOf(req), String(req.params.requestId), parseWith(assignBody, req.body)));
  });
  r.post('/requests/:requestId/claim', async (req, res) => {
    res.json(await assignRequest(deps, identityOf(req), String(req.params.requestId), { claim: true }));
  });
  r.post('/requests/:requestId/transfer', async (req, res) => {
    res.json(await transferRequest(deps, identityOf(req), String(req.params.requestId), parseWith(transferBody, req.body)));
  });
  r.get('/queue/:cityCode', async (req, res) => {
    res.json(await listQueue(deps, identityOf(req), parseWith(cityParams, req.params, 'params').cityCode));
  });
  r.post('/bureaus/:cityCode/rebalance', async (req, res) => {
    res.json(await rebalanceCity(deps, identityOf(req), parseWith(cityParams, req.params, 'params').cityCode));
  });
  return r;
}
