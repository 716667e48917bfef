import { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, regionCode } from '@metrodesk/http';
import type { Clock } from '../domain/clock';
import type { SlaDeps } from '../use-cases/ports';
import { getRequestClocks } from '../use-cases/get-request-clocks';
import { reapplyPolicy } from '../use-cases/reapply-policy';
import { listAtRisk } from '../use-cases/list-at-risk';
import { compliance } from '../use-cases/compliance';
import { toClockDto, type Api } from './dto';

const atRiskQuery = z.object({ cityCode: regionCode.optional(), liaisonId: z.string().min(1).optional(), status: z.enum(['at_risk', 'breached']).optional() }).strict();
const complianceQuery = z
  .object({ from: z.string().datetime({ offset: true }), to: z.string().datetime({ offset: true }), cityCode: regionCode.optional(), liaisonId: z.string().min(1).optional() })
  .strict();

export function clocksRouter(deps: SlaDeps): Router {
  const r = Router();
  const now = () => deps.now?.() ?? new Date();
  const dtos = async (clocks: Clock[]) => {
    const at = now();
    return Promise.all(clocks.map(async (c) => toClockDto(c, await deps.calendarFor(c.calendarId), at)));
  };
  const requestView = async (clocks: Clock[]): Promise<Api['RequestClocks']> => {
    const all = await dtos(clocks);
    const cycles = [...new Set(all.map((c) => c.cycle))].sort((a, b) => a - b);
    return {
      requestId: clocks[0]!.requestId,
      cityCode: clocks[clocks.length - 1]!.cityCode,
      currentCycle: cycles[cycles.length - 1] ?? 1,
      cycles: cycles.map((cycle) => ({
        cycle,
        response: all.find((c) => c.cycle === cycle && c.kind === 'response') ?? null,
        resolution: all.find((c) => c.cycle === cycle && c.kind === 'resolution') ?? null,
        returnVisit: all.find((c) => c.cycle === cycle && c.kind === 'return_visit') ?? null,
      })),
    };
  };

  r.get('/requests/:requestId/clocks', async (req, res) => {
    res.json(await requestView(await getRequestClocks(deps, identityOf(req), String(req.params.requestId))));
  });
  r.post('/requests/:requestId/clocks/reapply', async (req, res) => {
    res.json(await requestView(await reapplyPolicy(deps, identityOf(req), String(req.params.requestId))));
  });
  r.get('/clocks/at-risk', async (req, res) => {
    const q = parseWith(atRiskQuery, req.query, 'query');
    const report = await listAtRisk(deps, identityOf(req), q);
    res.json({ ...report, items: await dtos(report.items) } satisfies Api['AtRisk']);
  });
  r.get('/compliance', async (req, res) => {
    const q = parseWith(complianceQuery, req.query, 'query');
    const report = await compliance(deps, identityOf(req), { ...q, from: new Date(q.from), to: new Date(q.to) });
    res.json({ from: q.from, to: q.to, ...report } satisfies Api['Compliance']);
  });
  return r;
}
