import type { Connection } from 'mongoose';
import { isDuplicateKey, ModelRepository } from '@metrodesk/mongo';
import { outboxInsert, type OutboxEntry } from '@metrodesk/events';
import { DEFAULT_RETURN_VISIT_WORKING_DAYS, type Policy } from '../domain/policy';
import type { PolicyRepository } from '../use-cases/ports';
import { policyModel, type PolicyDoc } from './policy.model';

function fromDoc(d: PolicyDoc): Policy {
  return {
    id: d.id,
    category: d.category,
    priority: d.priority,
    version: d.version,
    responseHours: d.responseHours,
    resolutionWorkingDays: d.resolutionWorkingDays,
    // Versions saved before the return-visit deadline existed keep the default.
    returnVisitWorkingDays: d.returnVisitWorkingDays ?? DEFAULT_RETURN_VISIT_WORKING_DAYS,
    warnAt: d.warnAt,
    escalation: d.escalation.map((e) => ({ level: e.level, atPercent: e.atPercent })),
    calendarId: d.calendarId,
    createdBy: d.createdBy,
    createdAt: d.createdAt,
  };
}

export class MongoPolicyRepository extends ModelRepository<PolicyDoc> implements PolicyRepository {
  constructor(conn: Connection) {
    super(policyModel(conn));
  }

  /** The (id, version) key is unique, so two managers saving the same next version cannot both win. */
  async insertVersion(p: Policy, events: OutboxEntry[] = []): Promise<boolean> {
    try {
      await this.model.create({ _id: `${p.id}#${p.version}`, policyId: p.id, ...p, ...outboxInsert(events) });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async current(id: string): Promise<Policy | null> {
    const d = await this.model.findOne({ policyId: id }).sort({ version: -1 }).lean<PolicyDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async version(id: string, version: number): Promise<Policy | null> {
    const d = await this.model.findById(`${id}#${version}`).lean<PolicyDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async history(id: string): Promise<Policy[]> {
    const docs = await this.model.find({ policyId: id }).sort({ version: 1 }).lean<PolicyDoc[]>().exec();
    return docs.map(fromDoc);
  }

  async listCurrent(): Promise<Policy[]> {
    const docs = await this.model.find({}).sort({ policyId: 1, version: -1 }).lean<PolicyDoc[]>().exec();
    const seen = new Set<string>();
    return docs.filter((d) => !seen.has(d.policyId) && seen.add(d.policyId)).map(fromDoc);
  }
}
