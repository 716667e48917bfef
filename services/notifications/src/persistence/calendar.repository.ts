import { Schema, type Connection } from 'mongoose';
import { EventCopies, type CopyDoc } from '@metrodesk/mongo';
import type { WorkCalendar } from '../domain/manager-digests';

export interface CalendarState extends WorkCalendar {
  calendarId: string;
  version: number;
}

const calendarSchema = new Schema<CopyDoc<CalendarState, 'calendarId'>>(
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
export class MongoCalendarRepository extends EventCopies<CalendarState, 'calendarId'> {
  constructor(conn: Connection) {
    super(conn, 'WorkCalendar', calendarSchema, 'calendarId');
  }

  async get(calendarId: string): Promise<WorkCalendar | null> {
    const c = await this.byId(calendarId);
    return c ? { weekendDays: c.weekendDays, holidays: c.holidays, workdays: c.workdays } : null;
  }
}
