import { Schema, type Connection, type Model } from 'mongoose';
import type { Instrument } from '../domain/instrument';

/**
 * The stored instrument carries its due year and month beside the due day: the local
 * MongoDB-wire server answers only equality conditions from its index and reads every document
 * for any other (docs/decisions/0008), so "due by a day" is read as a few hundred equality
 * look-ups (years, then months, then days) instead of a range over the whole register (see
 * `dueKeysUpTo`).
 */
export type InstrumentDoc = Omit<Instrument, 'id'> & { _id: string; dueYear: string; dueMonth: string };

/** The earliest due year an instrument can have: no date before 1900 is accepted anywhere (isoDate, the import's day reader). */
export const FIRST_DUE_YEAR = 1900;

export const dueBuckets = (nextDueOn: string) => ({ dueYear: nextDueOn.slice(0, 4), dueMonth: nextDueOn.slice(0, 7) });

/**
 * Equality filters that together select exactly the instruments due on or before `day`: each
 * whole year before the day's year, each whole month of that year before the day's month, and
 * each day of that month up to the day.
 */
export function dueKeysUpTo(day: string): Array<{ dueYear: string } | { dueMonth: string } | { nextDueOn: string }> {
  const [year, month] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  const keys: Array<{ dueYear: string } | { dueMonth: string } | { nextDueOn: string }> = [];
  for (let y = FIRST_DUE_YEAR; y < year; y++) keys.push({ dueYear: String(y) });
  for (let m = 1; m < month; m++) keys.push({ dueMonth: `${day.slice(0, 4)}-${String(m).padStart(2, '0')}` });
  for (let d = 1; d <= Number(day.slice(8, 10)); d++) keys.push({ nextDueOn: `${day.slice(0, 7)}-${String(d).padStart(2, '0')}` });
  return keys;
}

/** The registry's own bookkeeping (one document per one-off backfill done). */
export const INSTRUMENT_META = 'instrument_meta';

export const INSTRUMENTS = 'instruments';

const instrumentSchema = new Schema<InstrumentDoc>(
  {
    _id: { type: String, required: true },
    enterpriseId: { type: String, required: true },
    cityCode: { type: String, required: true },
    instrumentClass: { type: String, required: true },
    model: { type: String, default: null },
    serialNo: { type: String, required: true },
    location: { type: String, default: null },
    use: { type: String, required: true },
    compulsory: { type: Boolean, required: true },
    cycleMonths: { type: Number, required: true },
    lastVerifiedOn: { type: String, required: true },
    certificateNo: { type: String, default: null },
    nextDueOn: { type: String, required: true },
    dueYear: { type: String, required: true },
    dueMonth: { type: String, required: true },
    status: { type: String, required: true },
    verifications: { type: Schema.Types.Mixed, default: [] },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: INSTRUMENTS, versionKey: false, minimize: false },
);
// One serial number per class within an enterprise: the factory number identifies the instrument.
instrumentSchema.index({ enterpriseId: 1, instrumentClass: 1, serialNo: 1 }, { unique: true });
instrumentSchema.index({ enterpriseId: 1, nextDueOn: 1, _id: 1 });
instrumentSchema.index({ cityCode: 1, nextDueOn: 1, _id: 1 });
instrumentSchema.index({ status: 1, nextDueOn: 1, _id: 1 });
instrumentSchema.index({ dueYear: 1, status: 1 });
instrumentSchema.index({ dueMonth: 1, status: 1 });

export function instrumentModel(conn: Connection): Model<InstrumentDoc> {
  return (conn.models.Instrument as Model<InstrumentDoc> | undefined) ?? conn.model<InstrumentDoc>('Instrument', instrumentSchema);
}
