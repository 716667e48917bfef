import type { Connection } from 'mongoose';
import { nextInSequence } from '@metrodesk/mongo';
import type { NumberSeries } from '../use-cases/ports';

export const REQUEST_NUMBERS = 'request_numbers';

type Waiter = { resolve: (n: number) => void; reject: (err: unknown) => void };

/**
 * One counter document per city and year. Every filing of a city draws from the same
 * document, so drawing one number per round trip caps a city's filings at one per write of
 * that document (on the local server, below the rate a busy morning asks for): the callers
 * that ask while a draw is in flight are served together by the next draw, one `$inc` by
 * their count, in the order they asked.
 */
export class MongoRequestNumbers implements NumberSeries {
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly drawing = new Set<string>();

  constructor(private readonly conn: Connection) {}

  next(series: string): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const list = this.waiting.get(series);
      if (list) list.push({ resolve, reject });
      else this.waiting.set(series, [{ resolve, reject }]);
      if (!this.drawing.has(series)) void this.draw(series);
    });
  }

  private async draw(series: string): Promise<void> {
    this.drawing.add(series);
    try {
      for (let batch = this.take(series); batch.length > 0; batch = this.take(series)) {
        try {
          const last = await nextInSequence(this.conn, REQUEST_NUMBERS, series, batch.length);
          batch.forEach((w, i) => w.resolve(last - batch.length + 1 + i));
        } catch (err) {
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.drawing.delete(series);
    }
  }

  private take(series: string): Waiter[] {
    const list = this.waiting.get(series) ?? [];
    this.waiting.delete(series);
    return list;
  }

  async reserve(series: string, count: number): Promise<number> {
    return (await nextInSequence(this.conn, REQUEST_NUMBERS, series, count)) - count + 1;
  }
}
