import { Schema, type Connection, type Model } from 'mongoose';
import type { Instrument } from '../domain/instrument';

export type InstrumentDoc = Omit<Instrument, 'id'> & { _id: string };

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

export function instrumentModel(conn: Connection): Model<InstrumentDoc> {
  return (conn.models.Instrument as Model<InstrumentDoc> | undefined) ?? conn.model<InstrumentDoc>('Instrument', instrumentSchema);
}
