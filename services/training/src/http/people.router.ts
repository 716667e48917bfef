import { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract, isoDate, regionCode } from '@metrodesk/http';
import { GROUP_BY } from '../domain/report';
import type { TrainingDeps } from '../use-cases/ports';
import { trainingHistory } from '../use-cases/training-history';
import { verifyCertificate } from '../use-cases/verify-certificate';
import { trainedReport } from '../use-cases/trained-report';
import { toEnrolmentDto, type Api } from './dto';

export const historyBody = z.object({ idNumber: z.string().max(40) }).strict();
checkContract<z.infer<typeof historyBody>, Api['HistoryQuery']>(true);

const reportQuery = z.object({
  groupBy: z.enum(GROUP_BY),
  from: isoDate.optional(),
  to: isoDate.optional(),
  cityCode: regionCode.optional(),
  courseCode: z.string().optional(),
  employerUscc: z.string().optional(),
});

export function peopleRouter(deps: TrainingDeps): Router {
  const r = Router();
  r.post('/people/training-history', async (req, res) => {
    const h = await trainingHistory(deps, identityOf(req), parseWith(historyBody, req.body).idNumber);
    res.json({ ...h, items: h.items.map(toEnrolmentDto) });
  });
  r.get('/certificates/:certificateNo', async (req, res) => {
    res.json(toEnrolmentDto(await verifyCertificate(deps, identityOf(req), String(req.params.certificateNo))));
  });
  r.get('/reports/trained', async (req, res) => {
    const { groupBy, ...filter } = parseWith(reportQuery, req.query, 'query');
    res.json(await trainedReport(deps, identityOf(req), groupBy, filter));
  });
  return r;
}
