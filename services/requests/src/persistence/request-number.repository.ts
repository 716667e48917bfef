import type { Connection } from 'mongoose';
import { nextInSequence } from '@metrodesk/mongo';
import type { NumberSeries } from '../use-cases/ports';

export const REQUEST_NUMBERS = 'request_numbers';

/** One counter document per city and year. */
export class MongoRequestNumbers implements NumberSeries {
  constructor(private readonly conn: Connection) {}

  next(series: string): Promise<number> {
    return nextInSequence(this.conn, REQUEST_NUMBERS, series);
  }

  async reserve(series: string, count: number): Promise<number> {
    return (await nextInSequence(this.conn, REQUEST_NUMBERS, series, count)) - count + 1;
  }
}
