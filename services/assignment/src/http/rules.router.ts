import { Router } from 'express';
import { z } from 'zod';
import { checkContract, identityOf, parseWith } from '@metrodesk/http';
import type { http } from '@metrodesk/contracts';
import type { AssignmentDeps } from '../use-cases/ports';
import { getRules } from '../use-cases/get-rules';
import { putRules } from '../use-cases/put-rules';
import { category, cityCode } from './common';

type Api = http.assignment.components['schemas'];

const categoryRule = z
  .object({ category, liaisonIds: z.array(z.string().min(1)).optional(), routeToCityCode: cityCode.optional() })
  .strict();
checkContract<z.infer<typeof categoryRule>, Api['CategoryRule']>(true);

export const putRulesBody = z
  .object({
    version: z.number().int().min(0),
    categories: z.array(categoryRule).max(8),
  })
  .strict();
checkContract<z.infer<typeof putRulesBody>, Api['PutRules']>(true);

const cityParams = z.object({ cityCode });

export function rulesRouter(deps: AssignmentDeps): Router {
  const r = Router();
  r.get('/rules/:cityCode', async (req, res) => {
    const p = parseWith(cityParams, req.params, 'params');
    res.json(await getRules(deps, identityOf(req), p.cityCode));
  });
  r.put('/rules/:cityCode', async (req, res) => {
    const p = parseWith(cityParams, req.params, 'params');
    res.json(await putRules(deps, identityOf(req), p.cityCode, parseWith(putRulesBody, req.body)));
  });
  return r;
}
