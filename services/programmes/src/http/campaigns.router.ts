import express, { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract, isoDate, regionCode } from '@metrodesk/http';
import { ORGANISER_KINDS, PROGRAMMES } from '../domain/campaign';
import { VENUE_KINDS } from '../domain/activity';
import { readSheet, XLSX_TYPE } from '../import/activity-sheet';
import type { ProgrammesDeps } from '../use-cases/ports';
import { createCampaign } from '../use-cases/create-campaign';
import { getCampaign } from '../use-cases/get-campaign';
import { listCampaigns } from '../use-cases/list-campaigns';
import { recordActivity } from '../use-cases/record-activity';
import { importActivities } from '../use-cases/import-activities';
import { toActivityDto, toCampaignDto, type Api } from './dto';

export const createCampaignBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    programme: z.enum(PROGRAMMES),
    organiser: z.object({ kind: z.enum(ORGANISER_KINDS), code: regionCode.optional() }).strict(),
    startDate: isoDate,
    endDate: isoDate,
    cityCodes: z.array(regionCode).max(100).default([]),
    description: z.string().max(2000).nullable().optional(),
  })
  .strict();

const count = z.number().int().min(0).max(10_000_000);

export const activityBody = z
  .object({
    cityCode: regionCode,
    date: isoDate,
    venueKind: z.enum(VENUE_KINDS),
    venues: count.default(0),
    instrumentsChecked: count.default(0),
    instrumentsVerifiedFree: count.default(0),
    peopleServed: count.default(0),
    problemsFound: count.default(0),
    mediaReports: count.default(0),
    problems: z
      .array(z.object({ description: z.string().trim().min(1).max(1000), requestId: z.string().min(1).max(100).nullable().optional() }).strict())
      .max(500)
      .default([]),
    notes: z.string().max(2000).nullable().optional(),
  })
  .strict();

const campaignQuery = z.object({
  programme: z.enum(PROGRAMMES).optional(),
  cityCode: regionCode.optional(),
  year: z.coerce.number().int().min(1900).max(2999).optional(),
});

checkContract<z.input<typeof createCampaignBody>, Api['CreateCampaign']>(true);
checkContract<z.input<typeof activityBody>, Api['RecordActivity']>(true);

export type ActivityBody = z.infer<typeof activityBody>;

/** The body as the use cases take it: absent notes and request ids are null. */
export const activityInput = (b: ActivityBody) => ({ ...b, notes: b.notes?.trim() || null, problems: b.problems.map((p) => ({ description: p.description, requestId: p.requestId ?? null })) });

export function campaignsRouter(deps: ProgrammesDeps, importLimit: string): Router {
  const r = Router();
  r.post('/campaigns', async (req, res) => {
    const body = parseWith(createCampaignBody, req.body);
    const c = await createCampaign(deps, identityOf(req), { ...body, description: body.description ?? null });
    res.status(201).location(`/campaigns/${c.id}`).json(toCampaignDto(c));
  });
  r.get('/campaigns', async (req, res) => {
    res.json({ items: (await listCampaigns(deps, identityOf(req), parseWith(campaignQuery, req.query, 'query'))).map(toCampaignDto) });
  });
  r.get('/campaigns/:id', async (req, res) => {
    res.json(toCampaignDto(await getCampaign(deps, identityOf(req), String(req.params.id))));
  });
  r.post('/campaigns/:id/activities', async (req, res) => {
    const a = await recordActivity(deps, identityOf(req), String(req.params.id), activityInput(parseWith(activityBody, req.body)));
    res.status(201).location(`/activities/${a.id}`).json(toActivityDto(a));
  });
  r.post('/campaigns/:id/activities/import', express.raw({ type: XLSX_TYPE, limit: importLimit }), async (req, res) => {
    const who = identityOf(req);
    // Access first, so a caller who may not import learns nothing from parse errors.
    await getCampaign(deps, who, String(req.params.id));
    const table = await readSheet(req.header('content-type'), Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
    res.json(await importActivities(deps, who, String(req.params.id), table));
  });
  return r;
}
