import type { Connection, Model } from 'mongoose';
import { outboxInsert, type OutboxEntry } from '@metrodesk/events';
import { insertKeyed, insertKeyedMany } from '@metrodesk/mongo';
import { cityOverdueKey, dueRunKey, type CityOverdue, type DueBatch } from '../domain/instrument-due';
import type { DueRunRepository } from '../use-cases/ports';
import { dueRunModel, dueScanModel, type DueRunDoc, type DueScanDoc } from './instrument-due.model';

/** Due runs per insert: each carries its event with the enterprise's due instruments, a few kB. */
const RUNS_PER_WRITE = 250;

export class MongoDueRunRepository implements DueRunRepository {
  private readonly runs: Model<DueRunDoc>;
  private readonly scans: Model<DueScanDoc>;

  constructor(conn: Connection) {
    this.runs = dueRunModel(conn);
    this.scans = dueScanModel(conn);
  }

  async init(): Promise<void> {
    await Promise.all([this.runs.init(), this.scans.init()]);
  }

  async recordAll(runs: Array<{ batch: DueBatch; events: OutboxEntry[] }>, at: Date): Promise<number> {
    let stored = 0;
    // Many runs per write: one insert each cost more than the scan's whole read on the local server (docs/decisions/0008). A run's key is its _id, so one stored already is refused alone.
    for (let k = 0; k < runs.length; k += RUNS_PER_WRITE) {
      const docs = runs.slice(k, k + RUNS_PER_WRITE).map(({ batch, events }) => ({
        id: dueRunKey(batch),
        fields: { enterpriseId: batch.enterpriseId, cityCode: batch.cityCode, runDate: batch.runDate, instrumentIds: batch.instruments.map((i) => i.id), createdAt: at, ...outboxInsert(events) },
      }));
      stored += (await insertKeyedMany(this.runs.collection, docs)).size;
    }
    return stored;
  }

  async recordCity(city: CityOverdue, events: OutboxEntry[], at: Date): Promise<boolean> {
    // Kept beside the enterprises' runs so one outbox relay and one key space serve both.
    return this.insertOnce({ _id: cityOverdueKey(city), enterpriseId: null, cityCode: city.cityCode, runDate: city.runDate, instrumentIds: [], createdAt: at, ...outboxInsert(events) });
  }

  /** The run's key is its _id: a second run of the day for the same enterprise or city is refused here, with its event. */
  private insertOnce({ _id, ...fields }: { _id: string } & Record<string, unknown>): Promise<boolean> {
    return insertKeyed(this.runs.collection, _id, fields);
  }

  async scanCompleted(runDate: string): Promise<boolean> {
    return (await this.scans.countDocuments({ _id: runDate }).exec()) > 0;
  }

  async completeScan(runDate: string, enterprises: number, at: Date): Promise<void> {
    await this.scans.collection.updateOne({ _id: runDate } as never, { $setOnInsert: { enterprises, completedAt: at } }, { upsert: true });
  }
}
