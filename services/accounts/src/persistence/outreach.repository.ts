import type { Connection } from 'mongoose';
import { ModelRepository } from '@metrodesk/mongo';
import { outboxInsert, type OutboxEntry } from '@metrodesk/events';
import type { Outreach } from '../domain/outreach';
import type { OutreachQuery, OutreachRepository, Page, Scope } from '../use-cases/ports';
import { outreachModel, type OutreachDoc } from './outreach.model';
import { afterClause, and, findPage } from './paging';
import { scopeClause } from './enterprise.repository';

const NO_OUTBOX = { outbox: 0, outboxPending: 0 } as const;

function fromDoc(d: OutreachDoc): Outreach {
  return {
    id: d._id,
    enterpriseId: d.enterpriseId,
    cityCode: d.cityCode,
    liaisonId: d.liaisonId,
    date: d.date,
    kind: d.kind,
    campaign: d.campaign ?? null,
    campaignId: d.campaignId ?? null,
    notes: d.notes ?? null,
    problems: (d.problems ?? []).map((p) => ({ id: p.id, category: p.category, title: p.title, description: p.description })),
    followUpOn: d.followUpOn ?? null,
    followUpDoneAt: d.followUpDoneAt ?? null,
    createdAt: d.createdAt,
  };
}

export class MongoOutreachRepository extends ModelRepository<OutreachDoc> implements OutreachRepository {
  constructor(conn: Connection) {
    super(outreachModel(conn));
  }

  async insert(o: Outreach, events: OutboxEntry[]): Promise<void> {
    const { id, ...rest } = o;
    // The visit and its logged/problem-found events are one document: one atomic write.
    await this.model.collection.insertOne({ _id: id, ...rest, ...outboxInsert(events) } as never);
  }

  async findById(id: string): Promise<Outreach | null> {
    const d = await this.model.findById(id, NO_OUTBOX).lean<OutreachDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async list(q: OutreachQuery): Promise<Page<Outreach>> {
    const byFollowUp = q.followUpDueBy !== undefined;
    const field = byFollowUp ? 'followUpOn' : 'date';
    const dir = byFollowUp ? 1 : -1;
    const filter = and([
      scopeClause(q.scope, 'enterpriseId'),
      q.enterpriseId ? { enterpriseId: q.enterpriseId } : null,
      q.cityCode ? { cityCode: q.cityCode } : null,
      q.liaisonId ? { liaisonId: q.liaisonId } : null,
      q.kind ? { kind: q.kind } : null,
      q.campaign ? { campaign: q.campaign } : null,
      q.campaignId ? { campaignId: q.campaignId } : null,
      q.from ? { date: { $gte: q.from } } : null,
      q.to ? { date: { $lte: q.to } } : null,
      byFollowUp ? { followUpOn: { $ne: null, $lte: q.followUpDueBy }, followUpDoneAt: null } : null,
      afterClause(field, dir, q.after),
    ]);
    return findPage(this.model, filter, NO_OUTBOX, { field, dir, limit: q.limit }, fromDoc);
  }

  async visitedSince(scope: Scope, day: string): Promise<string[]> {
    return (await this.model.distinct('enterpriseId', { ...scopeClause(scope, 'enterpriseId'), date: { $gte: day } }).exec()) as string[];
  }

  async markFollowUpDone(id: string, at: Date): Promise<Outreach | null> {
    // Update, then read: the local server's findAndModify takes no projection (docs/decisions/0008).
    await this.model.collection.updateOne({ _id: id } as never, { $set: { followUpDoneAt: at } });
    return this.findById(id);
  }
}
