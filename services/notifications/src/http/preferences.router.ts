import { Router } from 'express';
import { z } from 'zod';
import { identityOf, parseWith } from '@metrodesk/http';
import { CHANNELS, EMAIL_MODES, KINDS } from '../domain/kinds';
import type { PreferencesRepository } from '../use-cases/ports';
import { choose, muteRequest, myPreferences } from '../use-cases/preferences';

const channelChoice = z.object(Object.fromEntries(CHANNELS.map((c) => [c, z.boolean().optional()]))).strict();
const choicesBody = z.object({ channels: z.partialRecord(z.enum(KINDS), channelChoice).optional(), email: z.partialRecord(z.enum(KINDS), z.enum(EMAIL_MODES)).optional() }).strict();
const requestParams = z.object({ requestId: z.string().min(1).max(100) });

export function preferencesRouter(deps: { preferences: PreferencesRepository }): Router {
  const r = Router();
  r.get('/preferences', async (req, res) => {
    res.json(await myPreferences(deps, identityOf(req)));
  });
  r.patch('/preferences', async (req, res) => {
    const body = parseWith(choicesBody, req.body);
    res.json(await choose(deps, identityOf(req), body));
  });
  r.put('/preferences/muted/:requestId', async (req, res) => {
    const { requestId } = parseWith(requestParams, req.params, 'params');
    res.json(await muteRequest(deps, identityOf(req), requestId, true));
  });
  r.delete('/preferences/muted/:requestId', async (req, res) => {
    const { requestId } = parseWith(requestParams, req.params, 'params');
    res.json(await muteRequest(deps, identityOf(req), requestId, false));
  });
  return r;
}
