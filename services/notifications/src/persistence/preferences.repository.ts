import { Schema, type Connection, type Model } from 'mongoose';
import { noPreferences, type Preferences } from '../domain/preferences';
import type { PreferencesRepository } from '../use-cases/ports';
import { LookupCache } from './lookup-cache';

type PreferencesDoc = Omit<Preferences, 'userId'> & { _id: string };

export const PREFERENCES = 'preferences';

const preferencesSchema = new Schema<PreferencesDoc>(
  { _id: { type: String, required: true }, off: { type: [String], default: [] }, digest: { type: [String], default: [] }, muted: { type: [String], default: [] } },
  { collection: PREFERENCES, versionKey: false },
);

/** Each person's channel choices and muted requests, one document per person. */
export class MongoPreferencesRepository implements PreferencesRepository {
  private readonly model: Model<PreferencesDoc>;
  private readonly cache: LookupCache<Preferences>;

  /** `cacheMs`: how long a person's preferences are reused (see LookupCache); 0 reads every time. */
  constructor(conn: Connection, cacheMs = 0) {
    this.cache = new LookupCache(cacheMs);
    this.model = (conn.models.Preferences as Model<PreferencesDoc> | undefined) ?? conn.model<PreferencesDoc>('Preferences', preferencesSchema);
  }

  async init(): Promise<void> {
    await this.model.init();
  }

  get(userId: string): Promise<Preferences> {
    return this.cache.get(userId, async () => {
      const d = await this.model.findById(userId).lean<PreferencesDoc>().exec();
      return d ? { userId, off: d.off ?? [], digest: d.digest ?? [], muted: d.muted ?? [] } : noPreferences(userId);
    });
  }

  async setChoices(p: Preferences): Promise<void> {
    await this.model.updateOne({ _id: p.userId }, { $set: { off: p.off, digest: p.digest } }, { upsert: true }).exec();
    this.cache.clear();
  }

  async mute(userId: string, requestId: string, muted: boolean): Promise<void> {
    await this.model.updateOne({ _id: userId }, muted ? { $addToSet: { muted: requestId } } : { $pull: { muted: requestId } }, { upsert: true }).exec();
    this.cache.clear();
  }
}
