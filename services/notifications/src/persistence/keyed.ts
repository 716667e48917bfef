import type { Model } from 'mongoose';
import { isDuplicateKey } from '@metrodesk/mongo';

/**
 * Inserts a document whose _id is its delivery key; false when that key is taken, which is
 * how a repeated event or job finds its work already done.
 */
export async function insertKeyed<T>(model: Model<T>, id: string, fields: object): Promise<boolean> {
  try {
    await model.collection.insertOne({ _id: id, ...fields } as never);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/**
 * Stores `fields` under `id` unless a copy of the same or a newer `version` is there: a
 * projection fed by events that may come again or out of order keeps the newest.
 */
export async function upsertNewer<T>(model: Model<T>, id: string, fields: { version: number }): Promise<void> {
  try {
    // Matches only an older copy; a newer one makes the upsert's insert clash on _id.
    await model.updateOne({ _id: id, version: { $lt: fields.version } } as never, { $set: fields } as never, { upsert: true }).exec();
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}
