import { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract } from '@metrodesk/http';
import type { RequestsDeps } from '../use-cases/ports';
import { recordBenefit } from '../use-cases/record-benefit';
import { requestDto, type Api } from './dto';

const count = z.number().int().min(0).max(10000);
const benefitBody = z
  .object({
    version: z.number().int().min(1),
    text: z.string().trim().max(2000).nullable().optional(),
    amountYuan: z.number().nonnegative().max(100_000_000_000).nullable().optional(),
    banners: count.optional(),
    letters: count.optional(),
  })
  .strict();

checkContract<z.infer<typeof benefitBody>, Api['RecordBenefit']>(true);

/** The benefit a resolved request brought the enterprise and the commendations received for it. */
export function benefitRouter(deps: RequestsDeps): Router {
  const r = Router();
  r.put('/requests/:id/benefit', async (req, res) => {
    const b = parseWith(benefitBody, req.body);
    const saved = await recordBenefit(deps, identityOf(req), String(req.params.id), b.version, { text: b.text ?? null, amountYuan: b.amountYuan ?? null, banners: b.banners ?? 0, letters: b.letters ?? 0 });
    res.json(requestDto(saved));
  });
  return r;
}
