import { eventFor, uuidv7 } from '@metrodesk/events/model';
import { campaignCreated } from '@metrodesk/contracts';
import { ForbiddenError } from '@metrodesk/errors';
import { requireRole, type Identity } from '@metrodesk/access';
import { checkCampaign, type Campaign, type CampaignInput } from '../domain/campaign';
import type { ProgrammesDeps } from './ports';

/** The province creates province campaigns; a city manager creates its own city's. */
export async function createCampaign(deps: ProgrammesDeps, who: Identity, input: CampaignInput): Promise<Campaign> {
  requireRole(who, 'city_manager', 'province_manager', 'admin');
  const { organiser, cityCodes } = checkCampaign(input, deps.regions);
  if (who.role === 'city_manager' && (organiser.kind !== 'city' || organiser.code !== who.cityCode)) {
    throw new ForbiddenError(`A city manager creates campaigns of their own city (${who.cityCode}) only.`);
  }
  const now = deps.now?.() ?? new Date();
  const campaign: Campaign = {
    id: uuidv7(now.getTime()),
    name: input.name.trim(),
    programme: input.programme,
    organiser,
    startDate: input.startDate,
    endDate: input.endDate,
    cityCodes,
    description: input.description?.trim() || null,
    createdBy: who.userId,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const { name, programme, startDate, endDate } = campaign;
  const event = eventFor(campaignCreated, { subject: campaign.id, source: 'programmes', time: now, data: { campaignId: campaign.id, name, programme, organiser, startDate, endDate, cityCodes } });
  await deps.campaigns.insert(campaign, [event]);
  deps.notify();
  return campaign;
}
