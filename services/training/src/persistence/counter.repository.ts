import type { Connection } from 'mongoose';
import { nextInSequence } from '@metrodesk/mongo';
import type { CertificateCounter } from '../use-cases/ports';

export const COUNTERS = 'certificate_counters';

/** One document per certificate series, each number handed out once. */
export class MongoCertificateCounter implements CertificateCounter {
  constructor(private readonly conn: Connection) {}

  next(series: string): Promise<number> {
    return nextInSequence(this.conn, COUNTERS, series);
  }
}
