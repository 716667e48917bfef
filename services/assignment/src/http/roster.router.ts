import { Router } from 'express';
import { z } from 'zod';
import { checkContract, identityOf, parseWith } from '@metrodesk/http';
import type { http } from '@metrodesk/contracts';
import type { AssignmentDeps } from '../use-cases/ports';
import { listBureaus } from '../use-cases/list-bureaus';
import { listLiaisons } from '../use-cases/list-liaisons';
import { getLiaison } from '../use-cases/get-liaison';
import { createLiaison } from '../use-cases/create-liaison';
import { updateLiaison } from '../use-cases/update-liaison';
import { addLeave } from '../use-cases/add-leave';
import { category, cityCode, cityQuery, date } from './common';

type Api = http.assignment.components['schemas'];

export const createLiaisonBody = z
  .object({
    userId: z.string().min(1).max(128),
    name: z.string().trim().min(1).max(100),
    cityCode,
    categories: z.array(category),
    capacity: z.number().int().min(1).max(1000),
    active: z.boolean().optional(),
  })
  .strict();
checkContract<z.infer<typeof createLiaisonBody>, Api['CreateLiaison']>(true);

export const updateLiaisonBody = z
  .object({
    version: z.number().int().min(1),
    name: z.string().trim().min(1).max(100).optional(),
    categories: z.array(category).optional(),
    capacity: z.number().int().min(1).max(1000).optional(),
    active: z.boolean().optional(),
  })
  .strict();
checkContract<z.infer<typeof updateLiaisonBody>, Api['UpdateLiaison']>(true);

export const addLeaveBody = z.object({ version: z.number().int().min(1), from: date, to: date, reason: z.string().max(500).nullable().optional() }).strict();
checkContract<z.infer<typeof addLeaveBody>, Api['AddLeave']>(true);

export function rosterRouter(deps: AssignmentDeps): Router {
  const r = Router();
  r.get('/bureaus', async (req, res) => {
    res.json(await listBureaus(deps, identityOf(req)));
  });
  r.get('/liaisons', async (req, res) => {
    const q = parseWith(cityQuery, req.query, 'query');
    res.json(await listLiaisons(deps, identityOf(req), q.cityCode));
  });
  r.post('/liaisons', async (req, res) => {
    const l = await createLiaison(deps, identityOf(req), parseWith(createLiaisonBody, req.body));
    res.status(201).location(`/liaisons/${l.userId}`).json(l);
  });
  r.get('/liaisons/:userId', async (req, res) => {
    res.json(await getLiaison(deps, identityOf(req), String(req.params.userId)));
  });
  r.patch('/liaisons/:userId', async (req, res) => {
    res.json(await updateLiaison(deps, identityOf(req), String(req.params.userId), parseWith(updateLiaisonBody, req.body)));
  });
  r.post('/liaisons/:userId/leaves', async (req, res) => {
    res.json(await addLeave(deps, identityOf(req), String(req.params.userId), parseWith(addLeaveBody, req.body)));
  });
  return r;
}
