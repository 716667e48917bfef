import type { Connection, Model } from 'mongoose';
import { outboxInsert, type OutboxEntry, type OutboxRelay } from '@metrodesk/events';
import { isDuplicateKey } from '@metrodesk/mongo';
import { OPEN_STATUSES, type CaseState, type Step } from '../domain/case';
import type { CaseRepository, CurrentCase } from '../use-cases/ports';
import { caseModel, stepModel, STEPS, type CaseDoc, type StepDoc } from './assignment.model';

const stepId = (requestId: string, seq: number) => `${requestId}#${String(seq).padStart(6, '0')}`;

function stateOf(d: CaseDoc): CaseState {
  const { _id, seq: _seq, updatedAt: _u, ...state } = d;
  return { ...state, requestId: _id } as CaseState;
}

function stepOfDoc(d: StepDoc): Step {
  const { _id, outbox: _o, outboxPending: _p, ...step } = d;
  return { ...step, escalation: step.escalation ?? null };
}

export class MongoCaseRepository implements CaseRepository {
  private readonly steps: Model<StepDoc>;
  private readonly cases: Model<CaseDoc>;

  /** `outbox`: the relay that publishes a step's events straight after its insert (without it, the next poll does). */
  constructor(
    conn: Connection,
    private readonly outbox?: Pick<OutboxRelay, 'hold'>,
  ) {
    this.steps = stepModel(conn);
    this.cases = caseModel(conn);
  }

  async init(): Promise<void> {
    await Promise.all([this.steps.init(), this.cases.init()]);
  }

  async latest(requestId: string): Promise<CurrentCase | null> {
    const d = await this.steps.findOne({ requestId }, { seq: 1, state: 1 }).sort({ seq: -1 }).lean<Pick<StepDoc, 'seq' | 'state'>>().exec();
    return d ? { seq: d.seq, state: d.state } : null;
  }

  async appendStep(step: Step, events: OutboxEntry[]): Promise<boolean> {
    const id = stepId(step.requestId, step.seq);
    const publish = events.length > 0 ? this.outbox?.hold(STEPS, id) : undefined;
    try {
      // The step and its events are one document: one atomic insert.
      await this.steps.collection.insertOne({ _id: id, ...step, ...outboxInsert(events) } as never);
    } catch (err) {
      publish?.();
      if (isDuplicateKey(err)) return false;
      throw err;
    }
    publish?.(events);
    return true;
  }

  async history(requestId: string): Promise<Step[]> {
    const docs = await this.steps.find({ requestId }).sort({ seq: 1 }).lean<StepDoc[]>().exec();
    return docs.map(stepOfDoc);
  }

  /**
   * Two steps of one request may be projected at once, and the slower writer may put an
   * older state over a newer one. Each writer therefore checks after writing that no newer
   * step exists, and rewrites from the latest until that holds: the last write is always
   * checked by its own writer.
   */
  async project(requestId: string, known?: CurrentCase): Promise<void> {
    // A request's first step creates its case: a plain insert, which needs no check after,
    // because any later step's writer finds the case there (or its own insert refused) and
    // goes through the checked update below.
    if (known?.seq === 1 && (await this.createCase(requestId, known))) return;
    let latest = known ?? (await this.latest(requestId));
    for (let i = 0; latest && i < 10; i++) {
      const { requestId: _r, ...state } = latest.state;
      const written = await this.cases.collection
        .updateOne({ _id: requestId as never }, { $set: { ...state, seq: latest.seq, updatedAt: new Date() } }, { upsert: true })
        .then(() => true)
        .catch((err: unknown) => {
          if (!isDuplicateKey(err)) throw err;
          return false;
        });
      // The upsert lost an insert race: the case exists now, so update it next round.
      if (!written) continue;
      const now: CurrentCase | null = await this.latest(requestId);
      if (!now || now.seq === latest.seq) return;
      latest = now;
    }
  }

  async catchUp(requestId: string, current: CurrentCase): Promise<void> {
    const c = await this.cases.findOne({ _id: requestId }, { seq: 1 }).lean<{ seq?: number }>().exec();
    if (!c || (c.seq ?? 0) < current.seq) await this.project(requestId, current);
  }

  private async createCase(requestId: string, first: CurrentCase): Promise<boolean> {
    const { requestId: _r, ...state } = first.state;
    try {
      await this.cases.collection.insertOne({ _id: requestId as never, ...state, seq: first.seq, updatedAt: new Date() });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async openInCity(cityCode: string): Promise<CaseState[]> {
    const docs = await this.cases.find({ cityCode, status: { $in: OPEN_STATUSES } }).sort({ updatedAt: 1, _id: 1 }).lean<CaseDoc[]>().exec();
    return docs.map(stateOf);
  }

  async openOf(assigneeId: string): Promise<CaseState[]> {
    const docs = await this.cases.find({ assigneeId, status: 'assigned' }).sort({ _id: 1 }).lean<CaseDoc[]>().exec();
    return docs.map(stateOf);
  }

  async loadOf(assigneeId: string): Promise<number> {
    return this.cases.countDocuments({ assigneeId, status: 'assigned' }).exec();
  }

  async load(cityCode?: string): Promise<Map<string, number>> {
    const rows = await this.cases
      .aggregate<{ _id: string; n: number }>([{ $match: { status: 'assigned', ...(cityCode ? { cityCode } : {}) } }, { $group: { _id: '$assigneeId', n: { $sum: 1 } } }])
      .exec();
    return new Map(rows.filter((r) => r._id).map((r) => [r._id, r.n]));
  }
}
