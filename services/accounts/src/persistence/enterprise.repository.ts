import type { Connection, Model } from 'mongoose';
import type { OutboxEntry } from '@metrodesk/events';
import { outboxInsert } from '@metrodesk/events';
import { isDuplicateKey } from '@metrodesk/mongo';
import { ConflictError } from '@metrodesk/errors';
import type { Enterprise } from '../domain/enterprise';
import type { EnterpriseRepository } from '../use-cases/ports';
import { enterpriseModel, type EnterpriseDoc } from './enterprise.model';

export function searchTextOf(e: Pick<Enterprise, 'name' | 'nameEn' | 'uscc'>): string {
  return [e.name, e.nameEn ?? '', e.uscc].join(' ').toLowerCase();
}

export function fromDoc(d: EnterpriseDoc): Enterprise {
  return {
    id: d._id,
    uscc: d.uscc,
    name: d.name,
    nameEn: d.nameEn ?? null,
    provinceCode: d.provinceCode,
    cityCode: d.cityCode,
    districtCode: d.districtCode ?? null,
    address: d.address ?? null,
    industry: d.industry ?? null,
    size: d.size ?? null,
    status: d.status,
    tags: d.tags ?? [],
    flags: {
      contactPoint: d.flags?.contactPoint ?? false,
      keyEnergyUnit: d.flags?.keyEnergyUnit ?? false,
      integrityCommitment: d.flags?.integrityCommitment ?? false,
      integrityCommitmentSignedOn: d.flags?.integrityCommitmentSignedOn ?? null,
      integrityDemonstration: d.flags?.integrityDemonstration ?? false,
    },
    version: d.version,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

export class MongoEnterpriseRepository implements EnterpriseRepository {
  private readonly model: Model<EnterpriseDoc>;

  constructor(conn: Connection) {
    this.model = enterpriseModel(conn);
  }

  async init(): Promise<void> {
    await this.model.init();
  }

  async insert(e: Enterprise, events: OutboxEntry[]): Promise<void> {
    const { id, ...rest } = e;
    try {
      // The enterprise and its registration event are one document: one atomic write.
      await this.model.create({ _id: id, ...rest, searchText: searchTextOf(e), ...outboxInsert(events) });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.findByUscc(e.uscc);
      throw new ConflictError('duplicate_uscc', `An enterprise with USCC ${e.uscc} is already registered.`, { existingId: existing?.id });
    }
  }

  async findById(id: string): Promise<Enterprise | null> {
    const d = await this.model.findById(id).lean<EnterpriseDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async findByUscc(uscc: string): Promise<Enterprise | null> {
    const d = await this.model.findOne({ uscc }).lean<EnterpriseDoc>().exec();
    return d ? fromDoc(d) : null;
  }
}
