import type { Connection } from 'mongoose';
import { Coalescer, nextInSequence } from '@metrodesk/mongo';
import type { NumberSeries } from '../use-cases/ports';

export const REQUEST_NUMBERS = 'request_numbers';

/**
 * One counter document per city and year. Every filing of a city draws from the same
 * document, so drawing one number per round trip caps a city's filings at one per write of
 * that document (on the local server, below the rate a busy morning asks for): the callers
 * that ask while a draw is in flight are served together by the next draw, one `$inc` by
 * their count, in the order they asked.
 */
export class MongoRequestNumbers implements NumberSeries {
  private readonly series = new Map<string, Coalescer<void, number>>();

  constructor(private readonly conn: Connection) {}

  next(series: string): Promise<number> {
    let draws = this.series.get(series);
    if (!draws) {
      draws = new Coalescer(async (callers) => {
        const last = await nextInSequence(this.conn, REQUEST_NUMBERS, series, callers.length);
        return callers.map((_, i) => last - callers.length + 1 + i);
      });
      this.series.set(series, draws);
    }
    return draws.add(undefined);
  }

  async reserve(series: string, count: number): Promise<number> {
    return (await nextInSequence(this.conn, REQUEST_NUMBERS, series, count)) - count + 1;
  }
}
