import type { Connection, Model } from 'mongoose';
import { outboxInsert, type OutboxEntry } from '@metrodesk/events';
import { isDuplicateKey } from '@metrodesk/mongo';
import { ConflictError } from '@metrodesk/errors';
import type { HistoryEntry, QualificationFile } from '../domain/qualification';
import type { FileFilter, FileRepository, Page } from '../use-cases/ports';
import { certificateModel, fileChangeModel, fileModel, type CertificateDoc, type FileChangeDoc, type FileDoc, type FileState } from './file.model';
import { decodeCursor, encodeCursor } from './cursor';

/** A change whose writer has not updated the current state after this long is taken as crashed. */
const SETTLE_MS = 30_000;

function stateOf(f: QualificationFile): FileState {
  const { id: _id, history: _history, ...state } = f;
  return state;
}

function fromDoc(d: FileDoc, history: HistoryEntry[]): QualificationFile {
  const { _id, ...state } = d;
  return { ...state, id: _id, cityCode: d.cityCode ?? null, archive: d.archive ?? null, documents: d.documents ?? [], scope: d.scope ?? [], history };
}

function toQuery(f: FileFilter): Record<string, unknown> {
  const q: Record<string, unknown> = {};
  if (f.employerUscc) q['employer.uscc'] = f.employerUscc.toUpperCase();
  if (f.personKey) q.personKey = f.personKey;
  if (f.type) q.type = f.type;
  if (f.status && f.status.length > 0) q.status = { $in: f.status };
  if (f.expiresOnOrBefore) q.expiresOn = { $lte: f.expiresOnOrBefore };
  // The caller's scope last, so no filter can widen it.
  return { ...q, ...f.scope };
}

export class MongoFileRepository implements FileRepository {
  private readonly files: Model<FileDoc>;
  private readonly changes: Model<FileChangeDoc>;
  private readonly certificates: Model<CertificateDoc>;

  constructor(conn: Connection) {
    this.files = fileModel(conn);
    this.changes = fileChangeModel(conn);
    this.certificates = certificateModel(conn);
  }

  async init(): Promise<void> {
    await Promise.all([this.files.init(), this.changes.init(), this.certificates.init()]);
  }

  async insert(f: QualificationFile, entry: HistoryEntry, events: OutboxEntry[]): Promise<void> {
    await this.reserveCertificate(f.certificateNo, f.id, f.createdAt);
    // The change (state + event) is the commit point; the current-state document follows it.
    await this.changes.create({ _id: `${f.id}:${f.version}`, fileId: f.id, version: f.version, state: stateOf(f), entry, at: f.updatedAt, ...outboxInsert(events) });
    await this.files.create({ _id: f.id, ...stateOf(f) });
  }

  async applyChange(current: QualificationFile, next: QualificationFile, entry: HistoryEntry, events: OutboxEntry[]): Promise<boolean> {
    if (next.certificateNo !== current.certificateNo) await this.reserveCertificate(next.certificateNo, next.id, next.updatedAt);
    try {
      await this.changes.create({ _id: `${next.id}:${next.version}`, fileId: next.id, version: next.version, state: stateOf(next), entry, at: next.updatedAt, ...outboxInsert(events) });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await this.repair(next.id);
      return false;
    }
    // Only the writer that won this version gets here, so this update has no concurrent writer.
    await this.files.updateOne({ _id: next.id }, { $set: stateOf(next) }).exec();
    return true;
  }

  async findById(id: string): Promise<QualificationFile | null> {
    const d = await this.files.findById(id).lean<FileDoc>().exec();
    if (!d) {
      await this.repair(id);
      const repaired = await this.files.findById(id).lean<FileDoc>().exec();
      return repaired ? fromDoc(repaired, await this.historyOf(id)) : null;
    }
    return fromDoc(d, await this.historyOf(id));
  }

  async findByCertificateNo(certificateNo: string): Promise<QualificationFile | null> {
    const d = await this.files.findOne({ certificateNo }).lean<FileDoc>().exec();
    return d ? fromDoc(d, await this.historyOf(d._id)) : null;
  }

  async list(filter: FileFilter, opts: { limit: number; cursor?: string; sort: 'id' | 'expiresOn' }): Promise<Page<QualificationFile>> {
    const q = toQuery(filter);
    const byId = opts.sort === 'id';
    if (opts.cursor) {
      const [value, id] = decodeCursor(opts.cursor);
      Object.assign(q, byId ? { _id: { $gt: id } } : { $or: [{ expiresOn: { $gt: value } }, { expiresOn: value, _id: { $gt: id } }] });
    }
    const docs = await this.files
      .find(q)
      .sort(byId ? { _id: 1 } : { expiresOn: 1, _id: 1 })
      .limit(opts.limit + 1)
      .lean<FileDoc[]>()
      .exec();
    const page = docs.slice(0, opts.limit);
    const histories = await this.historiesOf(page.map((d) => d._id));
    const items = page.map((d) => fromDoc(d, histories.get(d._id) ?? []));
    const last = items[items.length - 1];
    const nextCursor = docs.length > opts.limit && last ? encodeCursor(byId ? last.id : last.expiresOn, last.id) : null;
    return { items, nextCursor };
  }

  async countable(filter: FileFilter): Promise<Pick<QualificationFile, 'personKey' | 'employer'>[]> {
    return this.files.find(toQuery(filter), { personKey: 1, employer: 1 }).lean<Pick<FileDoc, 'personKey' | 'employer'>[]>().exec();
  }

  async expiryCandidates(date: string, afterId: string | null, limit: number): Promise<QualificationFile[]> {
    const q: Record<string, unknown> = { status: { $in: ['valid', 'expiring'] }, expiresOn: { $lte: date } };
    if (afterId) q._id = { $gt: afterId };
    const docs = await this.files.find(q).sort({ _id: 1 }).limit(limit).lean<FileDoc[]>().exec();
    return docs.map((d) => fromDoc(d, []));
  }

  private async historyOf(fileId: string): Promise<HistoryEntry[]> {
    return (await this.historiesOf([fileId])).get(fileId) ?? [];
  }

  private async historiesOf(fileIds: string[]): Promise<Map<string, HistoryEntry[]>> {
    const out = new Map<string, HistoryEntry[]>();
    if (fileIds.length === 0) return out;
    const changes = await this.changes
      .find({ fileId: { $in: fileIds } }, { fileId: 1, version: 1, entry: 1 })
      .sort({ fileId: 1, version: 1 })
      .lean<Pick<FileChangeDoc, 'fileId' | 'version' | 'entry'>[]>()
      .exec();
    for (const c of changes) out.set(c.fileId, [...(out.get(c.fileId) ?? []), c.entry]);
    return out;
  }

  /** Certificate numbers are reserved for good: a number once filed is never given to another file. */
  private async reserveCertificate(certificateNo: string, fileId: string, at: Date): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.certificates.create({ _id: certificateNo, fileId, at });
        return;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
      const holder = await this.certificates.findById(certificateNo).lean<CertificateDoc>().exec();
      if (!holder || holder.fileId === fileId) return;
      // A reservation whose filing crashed before its first change is released after a while.
      const orphan = attempt === 0 && Date.now() - new Date(holder.at).getTime() > SETTLE_MS && (await this.changes.countDocuments({ fileId: holder.fileId })) === 0;
      if (orphan) {
        await this.certificates.deleteOne({ _id: certificateNo, fileId: holder.fileId }).exec();
        continue;
      }
      throw new ConflictError('duplicate_certificate', `Certificate number ${certificateNo} is already filed.`, { existingId: holder.fileId });
    }
  }

  /**
   * Rolls the current state forward to the latest change when its writer died between the two
   * writes. Only changes older than SETTLE_MS qualify, so a writer still at work is never raced.
   */
  private async repair(fileId: string): Promise<void> {
    const [latest] = await this.changes.find({ fileId }).sort({ version: -1 }).limit(1).lean<FileChangeDoc[]>().exec();
    if (!latest || Date.now() - new Date(latest.at).getTime() < SETTLE_MS) return;
    const current = await this.files.findById(fileId, { version: 1 }).lean<{ version: number }>().exec();
    if (current && current.version >= latest.version) return;
    if (current) await this.files.updateOne({ _id: fileId }, { $set: latest.state }).exec();
    else await this.files.create({ _id: fileId, ...latest.state }).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
  }
}
