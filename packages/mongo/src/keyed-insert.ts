import type { Collection, mongo } from 'mongoose';
import { isDuplicateKey } from './compat';

/**
 * Inserts a document under the key that names its work (an event id, a delivery key); false
 * when that key is taken, which is how a repeated event or job finds its work already done.
 */
export async function insertKeyed<T extends mongo.Document>(collection: Collection<T>, id: string, fields: object): Promise<boolean> {
  try {
    await collection.insertOne({ _id: id, ...fields } as never);
    return true;
  } catch (err) {
    if (isDuplicateKey(err)) return false;
    throw err;
  }
}

/**
 * Inserts several keyed documents in one round trip; returns the ids it stored, without those
 * already there. Should the server not say which ones clashed, each is inserted on its own.
 */
export async function insertKeyedMany<T extends mongo.Document>(collection: Collection<T>, docs: { id: string; fields: object }[]): Promise<Set<string>> {
  if (docs.length === 0) return new Set();
  if (docs.length === 1) return (await insertKeyed(collection, docs[0]!.id, docs[0]!.fields)) ? new Set([docs[0]!.id]) : new Set();
  try {
    await collection.insertMany(docs.map((d) => ({ _id: d.id, ...d.fields }) as never), { ordered: false });
    return new Set(docs.map((d) => d.id));
  } catch (err) {
    const raw = (err as { writeErrors?: { code?: number; index?: number }[] | { code?: number; index?: number } }).writeErrors;
    const errors = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    const known = errors.length > 0 && errors.every((w) => typeof w.index === 'number');
    if (!known) {
      if (!isDuplicateKey(err)) throw err;
      const stored = new Set<string>();
      for (const d of docs) if (await insertKeyed(collection, d.id, d.fields)) stored.add(d.id);
      return stored;
    }
    if (!errors.every((w) => w.code === 11000)) throw err;
    const clashed = new Set(errors.map((w) => w.index));
    return new Set(docs.filter((_, i) => !clashed.has(i)).map((d) => d.id));
  }
}
