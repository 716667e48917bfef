import { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract } from '@metrodesk/http';
import type { http } from '@metrodesk/contracts';
import { OUTREACH_KINDS, PROBLEM_CATEGORIES, bureauDay } from '../domain/outreach';
import { decodeCursor } from '../domain/cursor';
import type { AccountsDeps } from '../use-cases/ports';
import { logOutreach } from '../use-cases/log-outreach';
import { listOutreach } from '../use-cases/list-outreach';
import { completeFollowUp } from '../use-cases/complete-follow-up';
import { isoDate, nextCursor, pageParams, regionCode } from './common';
import { toOutreachDto } from './dto';

type Api = http.accounts.components['schemas'];

export const logOutreachBody = z
  .object({
    date: isoDate,
    kind: z.enum(OUTREACH_KINDS),
    liaisonId: z.string().min(1).max(100).optional(),
    campaign: z.string().trim().max(200).optional(),
    campaignId: z.string().min(1).max(100).optional(),
    notes: z.string().max(5000).optional(),
    problems: z
      .array(z.object({ category: z.enum(PROBLEM_CATEGORIES), title: z.string().trim().min(1).max(200), description: z.string().trim().min(1).max(5000) }).strict())
      .max(50)
      .optional(),
    followUpOn: isoDate.optional(),
  })
  .strict();

checkContract<z.infer<typeof logOutreachBody>, Api['LogOutreach']>(true);

const periodQuery = z
  .object({
    cityCode: regionCode.optional(),
    liaisonId: z.string().max(100).optional(),
    kind: z.enum(OUTREACH_KINDS).optional(),
    campaign: z.string().max(200).optional(),
    campaignId: z.string().min(1).max(100).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    ...pageParams,
  })
  .strict();
const timelineQuery = z.object(pageParams).strict();
const followUpQuery = z.object({ due: isoDate.optional(), cityCode: regionCode.optional(), liaisonId: z.string().max(100).optional(), ...pageParams }).strict();

export function outreachRouter(deps: AccountsDeps): Router {
  const r = Router();
  const page = async (who: Parameters<typeof listOutreach>[1], query: Parameters<typeof listOutreach>[2] & { cursor?: string }) => {
    const { cursor, ...rest } = query;
    const p = await listOutreach(deps, who, { ...rest, after: cursor ? decodeCursor(cursor) : undefined });
    return { items: p.items.map(toOutreachDto), nextCursor: nextCursor(p.next) };
  };
  r.post('/enterprises/:id/outreach', async (req, res) => {
    const o = await logOutreach(deps, identityOf(req), String(req.params.id), parseWith(logOutreachBody, req.body));
    res.status(201).location(`/outreach/${o.id}`).json(toOutreachDto(o));
  });
  r.get('/enterprises/:id/outreach', async (req, res) => {
    res.json(await page(identityOf(req), { ...parseWith(timelineQuery, req.query, 'query'), enterpriseId: String(req.params.id) }));
  });
  r.get('/outreach', async (req, res) => {
    res.json(await page(identityOf(req), parseWith(periodQuery, req.query, 'query')));
  });
  r.get('/outreach/follow-ups', async (req, res) => {
    const { due, ...q } = parseWith(followUpQuery, req.query, 'query');
    res.json(await page(identityOf(req), { ...q, followUpDueBy: due ?? bureauDay(deps.now?.() ?? new Date()) }));
  });
  r.post('/outreach/:id/follow-up-done', async (req, res) => {
    res.json(toOutreachDto(await completeFollowUp(deps, identityOf(req), String(req.params.id))));
  });
  return r;
}
