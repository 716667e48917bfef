import type { Connection } from 'mongoose';
import type { RegionData } from '../domain/enterprise';
import type { RegionCatalog } from '../use-cases/ports';

const REGIONS = 'regions';
const CACHE_MS = 5000;

/**
 * Region data as stored by PUT /admin/regions, falling back to the file shipped with the
 * service (or REGIONS_FILE). Cached briefly so every request does not read it, short enough
 * that a change made through another instance is seen within seconds.
 */
export class MongoRegionCatalog implements RegionCatalog {
  private cached: { data: RegionData; at: number } | undefined;

  constructor(
    private readonly conn: Connection,
    private readonly fallback: RegionData,
  ) {}

  async current(): Promise<RegionData> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.data;
    const doc = await this.conn.collection<{ _id: string; data: RegionData }>(REGIONS).findOne({ _id: 'current' });
    const data = doc?.data ?? this.fallback;
    this.cached = { data, at: Date.now() };
    return data;
  }

  async replace(data: RegionData, by: string): Promise<void> {
    await this.conn.collection<{ _id: string }>(REGIONS).updateOne({ _id: 'current' }, { $set: { data, updatedBy: by, updatedAt: new Date() } }, { upsert: true });
    this.cached = { data, at: Date.now() };
  }
}
