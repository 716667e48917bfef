import { Schema, type Connection, type Model } from 'mongoose';
import { upsertNewer } from '@metrodesk/mongo';
import type { WorkCalendar } from '../domain/manager-digests';

export interface CalendarState extends WorkCalendar {
  calendarId: string;
  version: number;
}

type CalendarDoc = Omit<CalendarState, 'calendarId'> & { _id: string };

const calendarSchema = new Schema<CalendarDoc>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    weekendDays: { type: [Number], default: [6, 7] },
    holidays: { type: [String], default: [] },
    workdays: { type: [String], default: [] },
  },
  { collection: 'calendars', versionKey: false },
);

/** The working-day calendars as the SLA service last announced them (`sla.calendar.saved`), newest version kept. */
export class MongoCalendarRepository {
  private readonly model: Model<CalendarDoc>;

  constructor(conn: Connection) {
    this.model = (conn.models.WorkCalendar as Model<CalendarDoc> | undefined) ?? conn.model<CalendarDoc>('WorkCalendar', calendarSchema);
  }

  async init(): Promise<void> {
    await this.model.init();
  }

  async upsertNewer(c: CalendarState): Promise<void> {
    const { calendarId, ...fields } = c;
    await upsertNewer(this.model, calendarId, fields);
  }

  async get(calendarId: string): Promise<WorkCalendar | null> {
    const d = await this.model.findById(calendarId).lean<CalendarDoc>().exec();
    return d ? { weekendDays: d.weekendDays, holidays: d.holidays, workdays: d.workdays } : null;
  }
}
