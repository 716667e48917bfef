import { canSee, type Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import type { Outreach } from '../domain/outreach';
import type { AccountsDeps } from './ports';
import { requireBureau } from './access';

/** Marks a visit's follow-up as done, so it leaves the follow-ups-due list. */
export async function completeFollowUp(deps: AccountsDeps, who: Identity, outreachId: string): Promise<Outreach> {
  requireBureau(who);
  const o = await deps.outreach.findById(outreachId);
  if (!o || !canSee(who, { cityCode: o.cityCode })) throw new NotFoundError('outreach', outreachId);
  if (o.followUpDoneAt) return o;
  return (await deps.outreach.markFollowUpDone(outreachId, deps.now?.() ?? new Date()))!;
}
