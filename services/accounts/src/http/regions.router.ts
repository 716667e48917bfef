import { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract } from '@metrodesk/http';
import type { http } from '@metrodesk/contracts';
import type { AccountsDeps } from '../use-cases/ports';
import { replaceRegions } from '../use-cases/replace-regions';
import { regionCode } from './common';

type Api = http.accounts.components['schemas'];

const region = { code: regionCode, name: z.string().trim().min(1).max(100), nameEn: z.string().trim().max(100).optional() };
export const regionDataBody = z
  .object({
    province: z.object(region).strict(),
    cities: z
      .array(z.object({ ...region, districts: z.array(z.object(region).strict()).max(200) }).strict())
      .min(1)
      .max(100),
  })
  .strict();

checkContract<z.infer<typeof regionDataBody>, Api['RegionData']>(true);

export function regionsRouter(deps: AccountsDeps): Router {
  const r = Router();
  r.get('/regions', async (_req, res) => {
    res.json(await deps.regions.current());
  });
  r.put('/admin/regions', async (req, res) => {
    res.json(await replaceRegions(deps, identityOf(req), parseWith(regionDataBody, req.body)));
  });
  return r;
}
