import { Schema, type Connection } from 'mongoose';
import { isDuplicateKey, modelOn, ModelRepository } from '@metrodesk/mongo';
import { outboxPush, outboxSchemaFields, type OutboxEntry, type OutboxFields } from '@metrodesk/events';
import type { Calendar, NamedDate } from '../domain/calendar';
import type { CalendarRepository } from '../use-cases/ports';

export type CalendarDoc = Omit<Calendar, 'id'> & { _id: string; version: number; updatedAt: Date } & Partial<OutboxFields>;
export const CALENDARS = 'sla_calendars';

const calendarSchema = new Schema<CalendarDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    nameEn: { type: String },
    years: { type: [Number], default: undefined },
    zone: { type: String, required: true },
    weekendDays: { type: [Number], default: [] },
    holidays: { type: [Object], default: [] },
    workdays: { type: [Object], default: [] },
    note: { type: String },
    version: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
    ...outboxSchemaFields,
  },
  { collection: CALENDARS, versionKey: false, minimize: false },
);

const namedDateOf = (h: NamedDate): NamedDate => ({ date: h.date, ...(h.name ? { name: h.name } : {}), ...(h.nameEn ? { nameEn: h.nameEn } : {}) });

function fromDoc(d: CalendarDoc): Calendar & { version: number; updatedAt: Date } {
  return {
    id: d._id,
    name: d.name,
    zone: d.zone,
    weekendDays: d.weekendDays,
    holidays: d.holidays.map(namedDateOf),
    workdays: d.workdays.map(namedDateOf),
    ...(d.nameEn ? { nameEn: d.nameEn } : {}),
    ...(d.years ? { years: d.years } : {}),
    ...(d.note ? { note: d.note } : {}),
    version: d.version,
    updatedAt: d.updatedAt,
  };
}

export class MongoCalendarRepository extends ModelRepository<CalendarDoc> implements CalendarRepository {
  constructor(conn: Connection) {
    super(modelOn(conn, 'SlaCalendar', calendarSchema));
  }

  /**
   * Replaces the calendar at the version read just before, so the events name the version the
   * write makes; a save in between (or a first insert racing another) is retried on a fresh read.
   */
  async save(c: Calendar, now: Date, events: (version: number) => OutboxEntry[] = () => []): Promise<Calendar & { version: number; updatedAt: Date }> {
    const { id, ...rest } = c;
    // A save replaces the whole calendar: optional fields it leaves out are removed.
    const absent = (['nameEn', 'years', 'note'] as const).filter((k) => rest[k] === undefined);
    const unset = absent.length > 0 ? { $unset: Object.fromEntries(absent.map((k) => [k, 1])) } : {};
    for (let attempt = 0; ; attempt++) {
      const current = await this.model.findById(id, { version: 1 }).lean<{ version: number }>().exec();
      const version = (current?.version ?? 0) + 1;
      const entries = events(version);
      const push = entries.length > 0 ? outboxPush(entries) : null;
      const update = { $set: { ...rest, updatedAt: now, version, ...(push ? push.$set : {}) }, ...unset, ...(push ? { $push: push.$push } : {}) };
      try {
        const d = await this.model
          .findOneAndUpdate(current ? { _id: id, version: current.version } : { _id: id }, update, { upsert: !current, new: true })
          .lean<CalendarDoc>()
          .exec();
        if (d) return fromDoc(d);
      } catch (err) {
        if (!isDuplicateKey(err) || attempt >= 5) throw err;
      }
      if (attempt >= 5) throw new Error(`calendar ${id} kept changing during the save`);
    }
  }

  async find(id: string): Promise<(Calendar & { version: number; updatedAt: Date }) | null> {
    const d = await this.model.findById(id).lean<CalendarDoc>().exec();
    return d ? fromDoc(d) : null;
  }

  async list(): Promise<(Calendar & { version: number; updatedAt: Date })[]> {
    const docs = await this.model.find({}).sort({ _id: 1 }).lean<CalendarDoc[]>().exec();
    return docs.map(fromDoc);
  }
}
