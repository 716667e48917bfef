import type { Collection, mongo } from 'mongoose';
import { duplicateIndexes, isDuplicateKey } from './compat';
import { Coalescer } from './coalesce';

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
    const clashed = duplicateIndexes(err);
    if (clashed === undefined) {
      const stored = new Set<string>();
      for (const d of docs) if (await insertKeyed(collection, d.id, d.fields)) stored.add(d.id);
      return stored;
    }
    return new Set(docs.filter((_, i) => !clashed.includes(i)).map((d) => d.id));
  }
}

/**
 * Keyed inserts into one collection from many callers at once: the inserts asked for while one
 * is in flight go in the next round trip together. Each caller learns whether its document is
 * the one stored under its key; of two callers with the same key in one round trip, only the
 * first can be (the server keeps the first and refuses the second).
 */
export class KeyedInserts<T extends mongo.Document> {
  private readonly rounds: Coalescer<{ id: string; fields: object }, boolean>;

  constructor(collection: Collection<T>) {
    this.rounds = new Coalescer(async (docs) => {
      const first = new Map<string, number>();
      docs.forEach((d, i) => first.has(d.id) || first.set(d.id, i));
      const stored = await insertKeyedMany(collection, [...first.values()].map((i) => docs[i]!));
      return docs.map((d, i) => first.get(d.id) === i && stored.has(d.id));
    });
  }

  /** Inserts the document under `id`; false when that key is taken (see `insertKeyed`). */
  insert(id: string, fields: object): Promise<boolean> {
    return this.rounds.add({ id, fields });
  }
}
