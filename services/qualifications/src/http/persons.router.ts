import { Router } from 'express';
import { z } from 'zod';
import { checkContract, identityOf, parseWith } from '@metrodesk/http';
import type { QualificationsDeps } from '../use-cases/ports';
import { getPerson, lookupPerson } from '../use-cases/get-person';
import { toPersonDto, type Api } from './dto';

export const lookupBody = z.object({ idNumber: z.string().min(1).max(40) }).strict();
checkContract<z.infer<typeof lookupBody>, Api['PersonLookup']>(true);

export function personsRouter(deps: QualificationsDeps): Router {
  const r = Router();
  r.post('/persons/lookup', async (req, res) => {
    res.json(toPersonDto(await lookupPerson(deps, identityOf(req), parseWith(lookupBody, req.body).idNumber)));
  });
  r.get('/persons/:personKey', async (req, res) => {
    res.json(toPersonDto(await getPerson(deps, identityOf(req), String(req.params.personKey))));
  });
  r.get('/qualification-types', (_req, res) => {
    res.json({ items: deps.types() });
  });
  return r;
}
