import { decide, learn, type Happening } from '../domain/triggers';
import { outcomeOf } from '../domain/manager-digests';
import type { NotifyDeps, RateOutcomeRepository } from './ports';
import { notify } from './notify';
import { fanOutWebhooks, type WebhookDeps } from './webhooks';

/** An event about a request: learn what it tells of the request, then tell whoever must hear of it. */
export async function handleEvent(deps: NotifyDeps & WebhookDeps & { outcomes?: RateOutcomeRepository }, e: Happening): Promise<void> {
  const requestId = typeof e.data.requestId === 'string' ? e.data.requestId : undefined;
  if (!requestId) return;
  const outcome = outcomeOf(e);
  if (outcome) await deps.outcomes?.record(outcome);
  const before = await deps.requests.get(requestId);
  const facts = learn(before, e);
  if (!facts) return;
  await deps.requests.save(facts, before);
  const trigger = decide(e, facts);
  if (!trigger) return;
  await notify(deps, trigger, facts);
  await fanOutWebhooks(deps, trigger, facts);
}
