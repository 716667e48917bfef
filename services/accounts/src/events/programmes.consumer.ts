import { handlerMap, on } from '@metrodesk/events';
import { campaignCreated } from '@metrodesk/contracts';
import type { CampaignCatalog } from '../use-cases/ports';

/** The programmes' campaigns, kept so an outreach visit can name one and be checked against it. */
export function programmesHandlers(deps: { campaigns: CampaignCatalog }) {
  return handlerMap(
    on(campaignCreated, async (e) => {
      const d = e.data;
      await deps.campaigns.save({ id: d.campaignId, name: d.name, programme: d.programme, startDate: d.startDate, endDate: d.endDate, cityCodes: d.cityCodes });
    }),
  );
}
