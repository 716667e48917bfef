import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '@metrodesk/access';
import { checkContract, identityOf, parseWith } from '@metrodesk/http';
import type { QualificationsDeps } from '../use-cases/ports';
import { runExpirySweep } from '../use-cases/run-expiry-sweep';
import type { Api } from './dto';

export const runExpiryBody = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').optional() }).strict();
checkContract<z.infer<typeof runExpiryBody>, Api['RunExpiry']>(true);

export function jobsRouter(deps: QualificationsDeps): Router {
  const r = Router();
  // Runs the same sweep the daily job runs, inline, so an operator sees what it changed.
  r.post('/jobs/expiry/run', async (req, res) => {
    requireRole(identityOf(req), 'admin');
    const { date } = parseWith(runExpiryBody, req.body ?? {});
    res.json((await runExpirySweep(deps, date)) satisfies Api['SweepResult']);
  });
  return r;
}
