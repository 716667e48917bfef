import type { Connection } from 'mongoose';
import { outboxInsert, setWithEvents, type OutboxEntry } from '@metrodesk/events';
import { definedOnly, isDuplicateKey, ModelRepository, updateVersioned } from '@metrodesk/mongo';
import { ConflictError } from '@metrodesk/errors';
import type { Enrolment } from '../domain/enrolment';
import type { TrainedFact } from '../domain/report';
import type { EnrolmentFilter, EnrolmentRepository } from '../use-cases/ports';
import { enrolmentModel, type EnrolmentDoc } from './enrolment.model';
import type { RecordsScope } from '../use-cases/records-scope';

function fromDoc(d: EnrolmentDoc): Enrolment {
  return {
    id: d._id,
    sessionId: d.sessionId,
    courseId: d.courseId,
    courseCode: d.courseCode,
    cityCode: d.cityCode,
    sessionEndDate: d.sessionEndDate,
    name: d.name,
    seat: d.seat,
    personKey: d.personKey,
    idCipher: d.idCipher,
    idLast4: d.idLast4,
    employerUscc: d.employerUscc,
    hours: d.hours,
    result: d.result,
    score: d.score ?? null,
    certificateNo: d.certificateNo ?? null,
    certificateIssuedOn: d.certificateIssuedOn ?? null,
    version: d.version,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

/** Certificate fields are stored only once issued (sparse unique index: null would collide). */
function toSet(e: Partial<Enrolment>): Record<string, unknown> {
  const { id: _id, certificateNo, certificateIssuedOn, ...rest } = e;
  return definedOnly({ ...rest, certificateNo: certificateNo ?? undefined, certificateIssuedOn: certificateIssuedOn ?? undefined });
}

/** The clash names the certificate-number index (`certificateNo_1`, or `..._certificateno_...` on the local server). */
const isCertificateClash = (err: unknown) => isDuplicateKey(err) && /certificate_?no/i.test(String((err as Error)?.message ?? ''));

export class MongoEnrolmentRepository extends ModelRepository<EnrolmentDoc> implements EnrolmentRepository {
  constructor(conn: Connection) {
    super(enrolmentModel(conn));
  }

  async insert(e: Enrolment, events: OutboxEntry[]): Promise<void> {
    try {
      await this.model.create({ _id: e.id, ...toSet(e), ...outboxInsert(events) });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // The clash does not always say which unique index it was (docs/decisions/0008): look.
      const existing = await this.findBySessionAndPerson(e.sessionId, e.personKey);
      if (existing) throw new ConflictError('already_enrolled', 'This person is already enrolled in this session.', { enrolmentId: existing.id });
      throw new ConflictError('seat_taken', `Seat ${e.seat} was taken meanwhile.`);
    }
  }

  async findById(id: string): Promise<Enrolment | null> {
    const d = await this.model.findById(id).lean<EnrolmentDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async findBySessionAndPerson(sessionId: string, personKey: string): Promise<Enrolment | null> {
    const d = await this.model.findOne({ sessionId, personKey }).lean<EnrolmentDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async findByCertificate(certificateNo: string): Promise<Enrolment | null> {
    const d = await this.model.findOne({ certificateNo }).lean<EnrolmentDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async seatsTaken(sessionId: string): Promise<number[]> {
    const docs = await this.model.find({ sessionId }, { _id: 0, seat: 1 }).lean<{ seat: number }[]>().exec();
    return docs.map((d) => d.seat);
  }

  async listBySession(sessionId: string): Promise<Enrolment[]> {
    const docs = await this.model.find({ sessionId }).sort({ createdAt: 1, _id: 1 }).lean<EnrolmentDoc[]>().exec();
    return docs.map(fromDoc);
  }

  async listByPerson(personKey: string, scope: RecordsScope): Promise<Enrolment[]> {
    const docs = await this.model
      .find(definedOnly({ personKey, cityCode: scope.cityCode, employerUscc: scope.employerUscc }))
      .sort({ sessionEndDate: -1, _id: -1 })
      .lean<EnrolmentDoc[]>()
      .exec();
    return docs.map(fromDoc);
  }

  async update(id: string, expectedVersion: number, patch: Partial<Enrolment>, events: OutboxEntry[]): Promise<Enrolment> {
    try {
      return fromDoc(await updateVersioned(this.model, 'enrolment', id, expectedVersion, setWithEvents(toSet(patch), events) as never));
    } catch (err) {
      if (isCertificateClash(err)) throw new ConflictError('duplicate_certificate', `Certificate number ${patch.certificateNo} is already held by someone else.`);
      throw err;
    }
  }

  async trainedFacts(filter: EnrolmentFilter): Promise<TrainedFact[]> {
    const { from, to, ...eq } = filter;
    const range = definedOnly({ $gte: from, $lte: to });
    const query = { ...definedOnly(eq), ...(Object.keys(range).length > 0 ? { sessionEndDate: range } : {}), hours: { $gt: 0 } };
    return this.model
      .find(query, { _id: 0, cityCode: 1, sessionEndDate: 1, employerUscc: 1, courseCode: 1, personKey: 1, hours: 1, result: 1 })
      .lean<TrainedFact[]>()
      .exec();
  }
}
