import { Router } from 'express';
import { z } from 'zod';
import { identityOf, parseWith } from '@metrodesk/http';
import type { DeliveryRepository } from '../use-cases/ports';
import { failedEmails } from '../use-cases/failed-email';

const query = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export function deliveriesRouter(deps: { deliveries: DeliveryRepository }): Router {
  const r = Router();
  r.get('/email-deliveries/failed', async (req, res) => {
    const { limit } = parseWith(query, req.query, 'query');
    const items = await failedEmails(deps, identityOf(req), limit);
    res.json({
      items: items.map((d) => ({ id: d.id, userId: d.userId, email: d.email, subject: d.message.subject, error: d.lastError, createdAt: d.createdAt.toISOString() })),
    });
  });
  return r;
}
