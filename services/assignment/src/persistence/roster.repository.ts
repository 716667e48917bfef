import type { Connection, Model } from 'mongoose';
import { isDuplicateKey, updateVersioned } from '@metrodesk/mongo';
import { outboxInsert, outboxPush, type OutboxEntry } from '@metrodesk/events';
import { ConflictError, VersionConflictError } from '@metrodesk/errors';
import { defaultRules, type CategoryRule, type Liaison, type RoutingRules } from '../domain/roster';
import type { EnterpriseRepository, LiaisonRepository, Notification, NotificationRepository, RulesRepository, UserRepository } from '../use-cases/ports';
import { enterpriseModel, liaisonModel, notificationModel, rulesModel, userModel, type LiaisonDoc, type NotificationDoc, type RulesDoc, type UserDoc } from './roster.model';

/**
 * Replaces a projection with a newer version of it. When the held copy is as new or newer,
 * the filter misses, the upsert tries to insert the same _id and the unique key refuses:
 * a late or repeated event can never roll state back.
 */
async function upsertNewer<T>(model: Model<T>, id: string, version: number, set: Record<string, unknown>, versionField = 'version'): Promise<void> {
  try {
    await model.collection.updateOne({ _id: id as never, $or: [{ [versionField]: { $exists: false } }, { [versionField]: { $lt: version } }] }, { $set: { ...set, [versionField]: version } }, { upsert: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
}

/**
 * Only the fields routing has now: documents stored when the rules carried qualification
 * settings still load, and those settings are neither used nor shown.
 */
function rulesOf(cityCode: string, d: RulesDoc | null): RoutingRules {
  if (!d) return defaultRules(cityCode);
  const categories = d.categories.map(
    (r: CategoryRule): CategoryRule => ({
      category: r.category,
      ...(r.liaisonIds ? { liaisonIds: r.liaisonIds } : {}),
      ...(r.routeToCityCode ? { routeToCityCode: r.routeToCityCode } : {}),
    }),
  );
  return { cityCode, categories, version: d.version, updatedAt: d.updatedAt ?? null, updatedBy: d.updatedBy ?? null };
}

function liaisonOf(d: LiaisonDoc): Liaison {
  return {
    userId: d._id,
    name: d.name,
    cityCode: d.cityCode,
    categories: d.categories ?? [],
    capacity: d.capacity,
    active: d.active,
    accountActive: d.accountActive,
    leaves: d.leaves ?? [],
    lastAssignedAt: d.lastAssignedAt ?? null,
    version: d.version,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

/** How long round-robin marks gather before they are written (see touchAssigned). */
export const MARK_WRITE_BEHIND_MS = 1000;

export class MongoLiaisonRepository implements LiaisonRepository {
  private readonly model: Model<LiaisonDoc>;
  constructor(conn: Connection) {
    this.model = liaisonModel(conn);
  }
  async init(): Promise<void> {
    await this.model.init();
  }
  async inCity(cityCode: string): Promise<Liaison[]> {
    return this.all(cityCode);
  }
  async all(cityCode?: string): Promise<Liaison[]> {
    const docs = await this.model.find(cityCode ? { cityCode } : {}).sort({ _id: 1 }).lean<LiaisonDoc[]>().exec();
    return docs.map((d) => this.withMark(liaisonOf(d)));
  }
  async findById(userId: string): Promise<Liaison | null> {
    const d = await this.model.findById(userId).lean<LiaisonDoc>().exec();
    return d ? this.withMark(liaisonOf(d)) : null;
  }
  async insert(l: Liaison): Promise<void> {
    const { userId, ...rest } = l;
    try {
      await this.model.create({ _id: userId, ...rest });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      throw new ConflictError('liaison_exists', `${userId} is already on the roster.`, { userId });
    }
  }
  async update(userId: string, expectedVersion: number, changes: Partial<Liaison>, at: Date): Promise<Liaison> {
    return this.withMark(liaisonOf(await updateVersioned(this.model, 'liaison', userId, expectedVersion, { $set: { ...changes, updatedAt: at } })));
  }
  async learn(u: { userId: string; name: string; cityCode: string | null; isLiaison: boolean; version: number }, defaults: Pick<Liaison, 'categories' | 'capacity'>, at: Date): Promise<void> {
    const set: Record<string, unknown> = { name: u.name, accountActive: u.isLiaison, updatedAt: at };
    if (u.isLiaison && u.cityCode) set.cityCode = u.cityCode;
    try {
      await this.model.collection.updateOne(
        { _id: u.userId as never, $or: [{ identityVersion: { $exists: false } }, { identityVersion: { $lt: u.version } }] },
        {
          $set: { ...set, identityVersion: u.version },
          $setOnInsert: { categories: defaults.categories, capacity: defaults.capacity, active: true, leaves: [], lastAssignedAt: null, version: 1, createdAt: at },
        },
        { upsert: true },
      );
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }
  /**
   * Round-robin marks are written behind: at most one write per liaison per
   * MARK_WRITE_BEHIND_MS, the latest mark (`$max` keeps it monotonic). Reads here merge the
   * marks not yet written, so this process never sees one go back. A crash loses at most
   * that window of marks, which can only change the tie-break between equally loaded
   * liaisons after the restart, never a load (loads are counted from the cases).
   */
  touchAssigned(userId: string, at: Date): void {
    const pending = this.pendingMarks.get(userId);
    if (!pending || at > pending) this.pendingMarks.set(userId, at);
    this.scheduleMarks();
  }
  /** Writes every pending mark now (also at stop); a failed write stays pending for the next round. */
  async flushMarks(): Promise<void> {
    for (const [userId, at] of [...this.pendingMarks]) {
      await this.model.collection.updateOne({ _id: userId as never }, { $max: { lastAssignedAt: at } });
      if (this.pendingMarks.get(userId) === at) this.pendingMarks.delete(userId);
    }
  }
  private scheduleMarks(): void {
    if (this.marksTimer || this.pendingMarks.size === 0) return;
    this.marksTimer = setTimeout(() => {
      this.marksTimer = undefined;
      this.flushMarks()
        .catch(() => undefined)
        .finally(() => this.scheduleMarks());
    }, MARK_WRITE_BEHIND_MS);
    this.marksTimer.unref();
  }
  private withMark(l: Liaison): Liaison {
    const pending = this.pendingMarks.get(l.userId);
    return pending && (!l.lastAssignedAt || pending > l.lastAssignedAt) ? { ...l, lastAssignedAt: pending } : l;
  }
  private readonly pendingMarks = new Map<string, Date>();
  private marksTimer: NodeJS.Timeout | undefined;
}

export class MongoEnterpriseRepository implements EnterpriseRepository {
  private readonly model: Model<{ _id: string; cityCode: string; name: string; version: number }>;
  constructor(conn: Connection) {
    this.model = enterpriseModel(conn);
  }
  async upsert(e: { enterpriseId: string; cityCode: string; name: string; version: number }): Promise<void> {
    await upsertNewer(this.model, e.enterpriseId, e.version, { cityCode: e.cityCode, name: e.name });
  }
  async cityOf(enterpriseId: string): Promise<string | null> {
    const d = await this.model.findById(enterpriseId, { cityCode: 1 }).lean<{ cityCode: string }>().exec();
    return d?.cityCode ?? null;
  }
}

export class MongoUserRepository implements UserRepository {
  private readonly model: Model<UserDoc>;
  constructor(conn: Connection) {
    this.model = userModel(conn);
  }
  async init(): Promise<void> {
    await this.model.init();
  }
  async upsert(u: { userId: string; name: string; role: string; cityCode: string | null; active: boolean; version: number }): Promise<void> {
    const { userId, version, ...rest } = u;
    await upsertNewer(this.model, userId, version, rest);
  }
  async managers(cityCode: string | null): Promise<string[]> {
    const filter = cityCode ? { role: 'city_manager', cityCode, active: true } : { role: 'province_manager', active: true };
    const docs = await this.model.find(filter, { _id: 1 }).sort({ _id: 1 }).lean<{ _id: string }[]>().exec();
    return docs.map((d) => d._id);
  }
}

export class MongoRulesRepository implements RulesRepository {
  private readonly model: Model<RulesDoc>;
  constructor(conn: Connection) {
    this.model = rulesModel(conn);
  }
  async get(cityCode: string): Promise<RoutingRules> {
    const d = await this.model.findById(cityCode).lean<RulesDoc>().exec();
    return rulesOf(cityCode, d);
  }
  async put(rules: Omit<RoutingRules, 'version'>, expectedVersion: number, events: (version: number) => OutboxEntry[] = () => []): Promise<RoutingRules> {
    const { cityCode, ...rest } = rules;
    if (expectedVersion === 0) {
      try {
        await this.model.create({ _id: cityCode, ...rest, version: 1, ...outboxInsert(events(1)) });
        return { ...rules, version: 1 };
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const current = await this.get(cityCode);
        throw new VersionConflictError('rules', cityCode, 0, current.version);
      }
    }
    const entries = events(expectedVersion + 1);
    const push = entries.length > 0 ? outboxPush(entries) : null;
    const d = await updateVersioned(this.model, 'rules', cityCode, expectedVersion, push ? { $set: { ...rest, ...push.$set }, $push: push.$push } : { $set: rest });
    return { ...rules, version: d.version };
  }
}

export class MongoNotificationRepository implements NotificationRepository {
  private readonly model: Model<NotificationDoc>;
  constructor(conn: Connection) {
    this.model = notificationModel(conn);
  }
  async init(): Promise<void> {
    await this.model.init();
  }
  async add(n: Notification[]): Promise<void> {
    for (const { id, ...rest } of n) {
      try {
        await this.model.collection.insertOne({ _id: id as never, ...rest });
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
  }
  async forUser(userId: string, limit: number): Promise<Notification[]> {
    const docs = await this.model.find({ userId }).sort({ at: -1, _id: -1 }).limit(limit).lean<NotificationDoc[]>().exec();
    return docs.map(({ _id, ...d }) => ({ id: _id, ...d }) as Notification);
  }
  async forRequest(requestId: string): Promise<Notification[]> {
    const docs = await this.model.find({ requestId }).sort({ at: 1, _id: 1 }).lean<NotificationDoc[]>().exec();
    return docs.map(({ _id, ...d }) => ({ id: _id, ...d }) as Notification);
  }
}
