import { Router } from 'express';
import { z } from 'zod';
import { identityOf, parseWith, regionCode } from '@metrodesk/http';
import { KINDS } from '../domain/kinds';
import type { Subscription } from '../domain/webhooks';
import { changeWebhook, createWebhook, listWebhooks, replayWebhook, webhookLog, type WebhookDelivery, type WebhookDeps } from '../use-cases/webhooks';

const httpUrl = z.string().url('must be a URL').max(2000).refine((u) => /^https?:\/\//i.test(u), 'must be an http or https URL');
const createBody = z
  .object({
    url: httpUrl,
    kinds: z.array(z.enum(KINDS)).max(KINDS.length).default([]),
    level: z.enum(['city', 'province']).default('city'),
    cityCode: regionCode.optional(),
  })
  .strict();
const changeBody = z.object({ active: z.boolean().optional(), kinds: z.array(z.enum(KINDS)).max(KINDS.length).optional() }).strict();
const idParams = z.object({ id: z.string().min(1).max(100) });
const replayParams = z.object({ id: z.string().min(1).max(100), deliveryId: z.string().min(1).max(300) });
const logQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** The secret is shown once, when the subscription is made; later reads never carry it. */
const subscriptionDto = (s: Subscription, withSecret = false) => ({
  id: s.id,
  level: s.owner.level,
  cityCode: s.owner.cityCode,
  url: s.url,
  kinds: s.kinds,
  active: s.active,
  failingSince: s.failingSince?.toISOString() ?? null,
  disabledReason: s.disabledReason,
  createdAt: s.createdAt.toISOString(),
  ...(withSecret ? { secret: s.secret } : {}),
});
const deliveryDto = (d: WebhookDelivery) => ({
  id: d.id,
  eventType: d.eventType,
  status: d.status,
  createdAt: d.createdAt.toISOString(),
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
  attempts: d.attempts.map((a) => ({ at: a.at.toISOString(), status: a.status, error: a.error })),
});

export function webhooksRouter(deps: WebhookDeps): Router {
  const r = Router();
  r.post('/webhooks', async (req, res) => {
    const body = parseWith(createBody, req.body);
    res.status(201).json(subscriptionDto(await createWebhook(deps, identityOf(req), body), true));
  });
  r.get('/webhooks', async (req, res) => {
    res.json({ items: (await listWebhooks(deps, identityOf(req))).map((s) => subscriptionDto(s)) });
  });
  r.patch('/webhooks/:id', async (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    res.json(subscriptionDto(await changeWebhook(deps, identityOf(req), id, parseWith(changeBody, req.body))));
  });
  r.get('/webhooks/:id/deliveries', async (req, res) => {
    const { id } = parseWith(idParams, req.params, 'params');
    const { limit } = parseWith(logQuery, req.query, 'query');
    res.json({ items: (await webhookLog(deps, identityOf(req), id, limit)).map(deliveryDto) });
  });
  r.post('/webhooks/:id/deliveries/:deliveryId/replay', async (req, res) => {
    const { id, deliveryId } = parseWith(replayParams, req.params, 'params');
    await replayWebhook(deps, identityOf(req), id, deliveryId);
    res.status(202).json({ replayed: deliveryId });
  });
  return r;
}
