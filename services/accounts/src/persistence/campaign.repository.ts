import type { Connection } from 'mongoose';
import type { CampaignRef, CampaignCatalog } from '../use-cases/ports';

export const CAMPAIGNS = 'campaigns';

type CampaignDoc = Omit<CampaignRef, 'id'> & { _id: string };

/** The programmes' campaigns as their events told them: what an outreach visit may name. */
export class MongoCampaignCatalog implements CampaignCatalog {
  constructor(private readonly conn: Connection) {}

  private get collection() {
    return this.conn.collection<CampaignDoc>(CAMPAIGNS);
  }

  async save(c: CampaignRef): Promise<void> {
    const { id, ...rest } = c;
    // A campaign is created once and never changes: a repeat of its event writes the same values.
    await this.collection.updateOne({ _id: id }, { $set: rest }, { upsert: true });
  }

  async findById(id: string): Promise<CampaignRef | null> {
    const d = await this.collection.findOne({ _id: id });
    if (!d) return null;
    const { _id, ...rest } = d;
    return { id: _id, ...rest };
  }
}
