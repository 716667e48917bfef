import { Router, type Request } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract } from '@metrodesk/http';
import type { RequestsDeps } from '../use-cases/ports';
import { proposeVisit } from '../use-cases/propose-visit';
import { acceptVisit } from '../use-cases/accept-visit';
import { recordInstrumentResults } from '../use-cases/record-instrument-results';
import type { InstrumentOutcome } from '../domain/due-instruments';
import { requestDto, type Api } from './dto';
import { isoDay } from './requests.router';

const version = z.number().int().min(1);
const certificateNo = z.string().trim().min(1).max(100);
const proposeBody = z.object({ version, date: isoDay }).strict();
const acceptBody = z.object({ version }).strict();
const declineBody = z
  .object({ version, items: z.array(z.object({ instrumentId: z.string().min(1).max(100), certificateNo, verifiedOn: isoDay, attachmentId: z.string().min(1).max(100).nullable().optional() }).strict()).min(1).max(500) })
  .strict();
const verifiedBody = z.object({ version, items: z.array(z.object({ instrumentId: z.string().min(1).max(100), certificateNo, verifiedOn: isoDay }).strict()).min(1).max(500) }).strict();

checkContract<z.infer<typeof proposeBody>, Api['ProposeVisit']>(true);
checkContract<z.infer<typeof acceptBody>, Api['AcceptVisit']>(true);
checkContract<z.infer<typeof declineBody>, Api['DeclineInstruments']>(true);
checkContract<z.infer<typeof verifiedBody>, Api['RecordVerifiedInstruments']>(true);

/** A proactive request's visit proposal and what became of its registered instruments. Registered before /requests/:id. */
export function proactiveRouter(deps: RequestsDeps): Router {
  const r = Router();
  const id = (req: Request) => String(req.params.id);
  r.post('/requests/:id/visit-proposal', async (req, res) => {
    const b = parseWith(proposeBody, req.body);
    res.json(requestDto(await proposeVisit(deps, identityOf(req), id(req), b.version, b.date)));
  });
  r.post('/requests/:id/visit-proposal/accept', async (req, res) => {
    const b = parseWith(acceptBody, req.body);
    res.json(requestDto(await acceptVisit(deps, identityOf(req), id(req), b.version)));
  });
  const results = (outcome: InstrumentOutcome, body: typeof declineBody | typeof verifiedBody) => async (req: Request, res: import('express').Response) => {
    const b = parseWith(body, req.body);
    res.json(requestDto(await recordInstrumentResults(deps, identityOf(req), id(req), b.version, outcome, b.items)));
  };
  r.post('/requests/:id/instruments/decline', results('verified_elsewhere', declineBody));
  r.post('/requests/:id/instruments/verified', results('verified', verifiedBody));
  return r;
}
