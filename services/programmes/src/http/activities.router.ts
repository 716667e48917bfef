import { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, isoDate, regionCode } from '@metrodesk/http';
import { VENUE_KINDS } from '../domain/activity';
import { writeSheet, XLSX_TYPE } from '../import/activity-sheet';
import type { ProgrammesDeps } from '../use-cases/ports';
import { listActivities } from '../use-cases/list-activities';
import { correctActivity, getActivity } from '../use-cases/correct-activity';
import { exportActivities } from '../use-cases/export-activities';
import { activityBody, activityInput } from './campaigns.router';
import { toActivityDto } from './dto';

const activityQuery = z.object({
  campaignId: z.string().min(1).optional(),
  cityCode: regionCode.optional(),
  venueKind: z.enum(VENUE_KINDS).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
const listQuery = activityQuery.extend({ limit: z.coerce.number().int().min(1).max(1000).default(200) });
const exportQuery = activityQuery.extend({ lang: z.enum(['zh-CN', 'en']).default('zh-CN') });
const correctBody = activityBody.extend({ version: z.number().int().positive() });

export function activitiesRouter(deps: ProgrammesDeps): Router {
  const r = Router();
  r.get('/activities', async (req, res) => {
    const { limit, ...filter } = parseWith(listQuery, req.query, 'query');
    res.json({ items: (await listActivities(deps, identityOf(req), filter, limit)).map(toActivityDto) });
  });
  r.get('/activities/export', async (req, res) => {
    const { lang, ...filter } = parseWith(exportQuery, req.query, 'query');
    const table = await exportActivities(deps, identityOf(req), filter, lang);
    const sheet = await writeSheet(table, lang === 'en' ? 'Activities' : '活动记录');
    res.type(XLSX_TYPE).attachment(lang === 'en' ? 'activities.xlsx' : '活动记录.xlsx').send(sheet);
  });
  r.get('/activities/:id', async (req, res) => {
    res.json(toActivityDto(await getActivity(deps, identityOf(req), String(req.params.id))));
  });
  r.put('/activities/:id', async (req, res) => {
    const { version, ...body } = parseWith(correctBody, req.body);
    res.json(toActivityDto(await correctActivity(deps, identityOf(req), String(req.params.id), activityInput(body), version)));
  });
  return r;
}
