import type { Connection, Model } from 'mongoose';
import { upsertNewer } from '@metrodesk/mongo';
import type { QualificationFile } from '../domain/qualification';
import type { FileFilter, QualificationDirectory, VerifierLink } from '../use-cases/ports';
import { fileModel, linkModel, type FileDoc, type VerifierLinkDoc } from './qualification.model';

const fileOf = ({ _id, ...d }: FileDoc): QualificationFile => ({ ...d, fileId: _id });

/** The qualification files projection and the verifier-to-user links. */
export class MongoQualificationDirectory implements QualificationDirectory {
  private readonly files: Model<FileDoc>;
  private readonly linkDocs: Model<VerifierLinkDoc>;

  constructor(conn: Connection) {
    this.files = fileModel(conn);
    this.linkDocs = linkModel(conn);
  }

  async init(): Promise<void> {
    await Promise.all([this.files.init(), this.linkDocs.init()]);
  }

  async upsertIfNewer(f: QualificationFile): Promise<boolean> {
    const { fileId, ...fields } = f;
    return upsertNewer(this.files, fileId, fields);
  }

  async byPersons(personKeys: string[]): Promise<Map<string, QualificationFile[]>> {
    const out = new Map<string, QualificationFile[]>();
    for (const key of personKeys) out.set(key, []);
    // One query per person: few per visit, and it keeps `$in` off a growing collection.
    await Promise.all(
      personKeys.map(async (key) => {
        const docs = await this.files.find({ personKey: key }).lean<FileDoc[]>().exec();
        out.set(key, docs.map(fileOf));
      }),
    );
    return out;
  }

  async list(filter: FileFilter): Promise<QualificationFile[]> {
    const q: Record<string, unknown> = {};
    if (filter.cityCode) q.cityCode = filter.cityCode;
    if (filter.employerUscc) q.employerUscc = filter.employerUscc;
    if (filter.types) q.type = filter.types.length === 1 ? filter.types[0] : { $in: filter.types };
    const docs = await this.files.find(q).sort({ employerUscc: 1, personKey: 1, _id: 1 }).limit(5000).lean<FileDoc[]>().exec();
    return docs.map(fileOf);
  }

  async links(personKeys: string[]): Promise<Map<string, VerifierLink>> {
    // Links are few (one per verifier with an account), so `$in` stays cheap here.
    const docs = personKeys.length > 0 ? await this.linkDocs.find({ _id: { $in: personKeys } }).lean<VerifierLinkDoc[]>().exec() : [];
    return new Map(docs.map((d) => [d._id, { userId: d.userId, userName: d.userName }]));
  }

  async setLink(personKey: string, link: VerifierLink | null, by: string, at: Date): Promise<void> {
    if (!link) {
      await this.linkDocs.deleteOne({ _id: personKey }).exec();
      return;
    }
    await this.linkDocs.updateOne({ _id: personKey }, { $set: { ...link, by, at } }, { upsert: true }).exec();
  }
}
