import type { Connection } from 'mongoose';
import { ModelRepository } from '@metrodesk/mongo';
import { outboxInsert, type OutboxEntry } from '@metrodesk/events';
import type { Campaign } from '../domain/campaign';
import type { CampaignFilter, CampaignRepository } from '../use-cases/ports';
import { campaignModel, type CampaignDoc } from './campaign.model';

function fromDoc(d: CampaignDoc): Campaign {
  return {
    id: d._id,
    name: d.name,
    programme: d.programme,
    organiser: { kind: d.organiser.kind, code: d.organiser.code },
    startDate: d.startDate,
    endDate: d.endDate,
    cityCodes: [...d.cityCodes],
    description: d.description ?? null,
    createdBy: d.createdBy,
    version: d.version,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

export class MongoCampaignRepository extends ModelRepository<CampaignDoc> implements CampaignRepository {
  constructor(conn: Connection) {
    super(campaignModel(conn));
  }

  async insert(c: Campaign, events: OutboxEntry[]): Promise<void> {
    const { id, ...rest } = c;
    // The campaign and its creation event are one document: one atomic write.
    await this.model.create({ _id: id, ...rest, ...outboxInsert(events) });
  }

  async findById(id: string): Promise<Campaign | null> {
    const d = await this.model.findById(id).lean<CampaignDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async list(filter: CampaignFilter): Promise<Campaign[]> {
    const query: Record<string, unknown> = {};
    if (filter.programme) query.programme = filter.programme;
    if (filter.cityCode) query.cityCodes = filter.cityCode;
    if (filter.year !== undefined) {
      query.startDate = { $lte: `${filter.year}-12-31` };
      query.endDate = { $gte: `${filter.year}-01-01` };
    }
    const docs = await this.model.find(query).sort({ startDate: -1, _id: -1 }).limit(1000).lean<CampaignDoc[]>().exec();
    return docs.map(fromDoc);
  }
}
