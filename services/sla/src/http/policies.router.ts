import { Router } from 'express';
import { z } from 'zod';
import { parseWith, identityOf, checkContract } from '@metrodesk/http';
import { DEFAULT_CALENDAR_ID, DEFAULT_RETURN_VISIT_WORKING_DAYS, ESCALATION_LEVELS, POLICY_CATEGORIES, POLICY_PRIORITIES, policyId } from '../domain/policy';
import type { SlaDeps } from '../use-cases/ports';
import { savePolicy } from '../use-cases/save-policy';
import { readPolicies } from '../use-cases/read-policies';
import { toPolicyDto, type Api } from './dto';

const savePolicyBody = z
  .object({
    responseHours: z.number().positive().max(8760),
    resolutionWorkingDays: z.number().positive().max(365),
    returnVisitWorkingDays: z.number().positive().max(365).optional(),
    warnAt: z.array(z.number().int().min(1).max(99)).max(10).optional(),
    escalation: z
      .array(z.object({ level: z.enum(ESCALATION_LEVELS), atPercent: z.number().int().min(100).max(1000) }).strict())
      .max(2)
      .optional(),
    calendarId: z.string().min(1).optional(),
    expectedVersion: z.number().int().min(0),
  })
  .strict();

// The contract and the handler schema must describe the same body.
checkContract<z.infer<typeof savePolicyBody>, Api['SavePolicy']>(true);

const policyParams = z.object({ category: z.enum(POLICY_CATEGORIES), priority: z.enum(POLICY_PRIORITIES) });

export function policiesRouter(deps: SlaDeps): Router {
  const r = Router();
  r.get('/policies', async (req, res) => {
    const items = await readPolicies(deps, identityOf(req));
    res.json({ items: items.map(toPolicyDto) } satisfies Api['PolicyList']);
  });
  r.get('/policies/:category/:priority', async (req, res) => {
    const p = parseWith(policyParams, req.params, 'params');
    const items = await readPolicies(deps, identityOf(req), policyId(p.category, p.priority));
    res.json({ items: items.map(toPolicyDto) } satisfies Api['PolicyList']);
  });
  r.put('/policies/:category/:priority', async (req, res) => {
    const p = parseWith(policyParams, req.params, 'params');
    const body = parseWith(savePolicyBody, req.body);
    const saved = await savePolicy(
      deps,
      identityOf(req),
      p.category,
      p.priority,
      {
        responseHours: body.responseHours,
        resolutionWorkingDays: body.resolutionWorkingDays,
        returnVisitWorkingDays: body.returnVisitWorkingDays ?? DEFAULT_RETURN_VISIT_WORKING_DAYS,
        warnAt: body.warnAt ?? [50, 75],
        escalation: body.escalation ?? [
          { level: 'city', atPercent: 100 },
          { level: 'province', atPercent: 150 },
        ],
        calendarId: body.calendarId ?? DEFAULT_CALENDAR_ID,
      },
      body.expectedVersion,
    );
    res.json(toPolicyDto(saved));
  });
  return r;
}
