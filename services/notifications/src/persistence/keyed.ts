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
