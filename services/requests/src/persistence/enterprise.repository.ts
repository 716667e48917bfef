import type { Connection, Model } from 'mongoose';
import { upsertNewer } from '@metrodesk/mongo';
import type { EnterpriseDirectory, EnterpriseView } from '../use-cases/ports';
import { enterpriseModel, type EnterpriseDoc } from './enterprise.model';

/**
 * Every filing looks its enterprise up, so lookups are cached briefly. This process's own
 * consumer drops an entry the moment a newer snapshot lands; the time limit bounds how long
 * a change applied by another instance can go unseen here.
 */
export class MongoEnterpriseDirectory implements EnterpriseDirectory {
  private readonly model: Model<EnterpriseDoc>;
  private readonly cache = new Map<string, { view: EnterpriseView; until: number }>();
  /** Bumped by every write, so a read that overlapped a write does not cache what it read. */
  private generation = 0;

  constructor(
    conn: Connection,
    private readonly cacheMs = 10000,
  ) {
    this.model = enterpriseModel(conn);
  }

  async init(): Promise<void> {
    await this.model.init();
  }

  async findById(id: string): Promise<EnterpriseView | null> {
    const hit = this.cache.get(id);
    if (hit && hit.until > Date.now()) return hit.view;
    const before = this.generation;
    const d = await this.model.findById(id).lean<EnterpriseDoc>().exec();
    if (!d) return null;
    const view: EnterpriseView = { id: d._id, name: d.name, cityCode: d.cityCode, status: d.status, version: d.version };
    if (this.cache.size > 10000) this.cache.clear();
    if (before === this.generation) this.cache.set(id, { view, until: Date.now() + this.cacheMs });
    return view;
  }

  async upsertIfNewer(e: EnterpriseView): Promise<boolean> {
    const { id, ...fields } = e;
    this.generation += 1;
    try {
      return await upsertNewer(this.model, id, fields);
    } finally {
      this.generation += 1;
      this.cache.delete(id);
    }
  }
}
