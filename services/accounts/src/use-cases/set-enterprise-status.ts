import { actorFor, type Identity } from '@metrodesk/access';
import { eventFor } from '@metrodesk/events/model';
import { enterpriseClosed, enterpriseReopened } from '@metrodesk/contracts';
import { toSnapshot, type Enterprise } from '../domain/enterprise';
import { transition } from '../domain/changes';
import type { AccountsDeps } from './ports';
import { requireBureau } from './access';
import { getEnterprise } from './get-enterprise';
import { checkVersion } from './save-change';

/** Closes (`closed`) or reopens (`active`) an enterprise. */
export async function setEnterpriseStatus(deps: AccountsDeps, who: Identity, id: string, to: 'closed' | 'active', expectedVersion?: number): Promise<Enterprise> {
  requireBureau(who);
  const current = await getEnterprise(deps, who, id);
  const expected = checkVersion(current, expectedVersion);
  const now = deps.now?.() ?? new Date();
  const next = { ...transition(current, to, now), version: expected + 1 };
  const def = to === 'closed' ? enterpriseClosed : enterpriseReopened;
  await deps.enterprises.update(next, expected, [eventFor(def, { subject: id, source: 'accounts', time: now, actor: actorFor(who), data: toSnapshot(next) })]);
  deps.notify();
  return next;
}
