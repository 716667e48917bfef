import { Router } from 'express';
import { z } from 'zod';
import { identityOf, parseWith } from '@metrodesk/http';
import type { AssignmentDeps } from '../use-cases/ports';
import { loadReport } from '../use-cases/load-report';
import { fairnessReport } from '../use-cases/fairness-report';
import { listNotifications } from '../use-cases/list-notifications';
import { cityQuery } from './common';

const limitQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).optional() });

export function reportsRouter(deps: AssignmentDeps): Router {
  const r = Router();
  r.get('/reports/load', async (req, res) => {
    res.json(await loadReport(deps, identityOf(req), parseWith(cityQuery, req.query, 'query').cityCode));
  });
  r.get('/reports/fairness', async (req, res) => {
    res.json(await fairnessReport(deps, identityOf(req), parseWith(cityQuery, req.query, 'query').cityCode));
  });
  r.get('/notifications', async (req, res) => {
    res.json(await listNotifications(deps, identityOf(req), parseWith(limitQuery, req.query, 'query').limit));
  });
  return r;
}
