import { NotFoundError } from '@metrodesk/errors';
import type { Identity } from '@metrodesk/access';
import { canSeeCampaign } from '../domain/access';
import type { Campaign } from '../domain/campaign';
import type { ProgrammesDeps } from './ports';

/** A campaign the caller may see; one they may not is reported as absent. */
export async function getCampaign(deps: ProgrammesDeps, who: Identity, id: string): Promise<Campaign> {
  const c = await deps.campaigns.findById(id);
  if (!c || !canSeeCampaign(who, c)) throw new NotFoundError('campaign', id);
  return c;
}
