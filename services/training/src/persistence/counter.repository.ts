import type { Connection } from 'mongoose';
import { isDuplicateKey } from '@metrodesk/mongo';
import type { CertificateCounter } from '../use-cases/ports';

export const COUNTERS = 'certificate_counters';

/** One document per certificate series; $inc with upsert hands out each number once. */
export class MongoCertificateCounter implements CertificateCounter {
  constructor(private readonly conn: Connection) {}

  async next(series: string): Promise<number> {
    const col = this.conn.collection<{ _id: string; seq: number }>(COUNTERS);
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await col.findOneAndUpdate({ _id: series }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
        if (!doc) throw new Error(`certificate counter ${series} returned nothing`);
        return doc.seq;
      } catch (err) {
        // Two first-ever upserts of a series race on _id: the loser simply increments the winner's.
        // FerretDB reports that clash as InternalError "duplicate key value violates unique constraint".
        const clash = isDuplicateKey(err) || /duplicate key/i.test(String((err as Error)?.message));
        if (!clash || attempt >= 5) throw err;
      }
    }
  }
}
