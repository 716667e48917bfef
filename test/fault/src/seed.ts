import { randomBytes } from 'node:crypto';
import { makeUscc, USCC_ALPHABET } from '@metrodesk/codes';
import type { MongoClient } from 'mongodb';
import { sleep } from './infra';
import { ADMIN, type FaultStack } from './stack';

/** Liaoning's cities: each scenario files in a city of its own, so its reporting count is its alone. */
export const CITIES = ['210100', '210200', '210300', '210400', '210500', '210600', '210700', '210800', '210900', '211000', '211100', '211200', '211300', '211400'];

export interface Enterprise {
  id: string;
  cityCode: string;
}

const randomBody = () => Array.from(randomBytes(8), (b) => USCC_ALPHABET[b % USCC_ALPHABET.length]).join('');

/**
 * Liaisons (through identity) and enterprises (through accounts) in every city, then waits
 * until the requests service knows the enterprises and assignment knows the liaisons: both
 * learn them from events, and a filing before that would be refused or left unroutable.
 */
export async function seedCities(stack: FaultStack, db: MongoClient, opts: { liaisonsPerCity: number; enterprisesPerCity: number }): Promise<Record<string, Enterprise[]>> {
  const enterprises: Record<string, Enterprise[]> = {};
  const liaisons: string[] = [];
  for (const city of CITIES) {
    for (let i = 0; i < opts.liaisonsPerCity; i++) {
      const r = await stack.call<{ id: string }>('identity', 'POST', '/users', { username: `fault-liaison-${city}-${i}`, name: `Liaison ${city}-${i}`, role: 'liaison', cityCode: city, password: 'Fault-suite-2026' }, ADMIN);
      if (r.status !== 201) throw new Error(`create liaison: ${r.status} ${JSON.stringify(r.body)}`);
      liaisons.push(r.body.id);
    }
    enterprises[city] = [];
    for (let i = 0; i < opts.enterprisesPerCity; i++) {
      const uscc = makeUscc('9', '1', `${city.slice(0, 4)}02`, randomBody());
      const r = await stack.call<{ id: string }>('accounts', 'POST', '/enterprises', { uscc, name: `故障测试企业${city}-${i}`, cityCode: city }, ADMIN);
      if (r.status !== 201) throw new Error(`create enterprise: ${r.status} ${JSON.stringify(r.body)}`);
      enterprises[city]!.push({ id: r.body.id, cityCode: city });
    }
  }
  const ids = Object.values(enterprises).flatMap((es) => es.map((e) => e.id));
  await until('the requests service to learn the enterprises', async () => (await db.db('metrodesk_requests').collection('enterprises').countDocuments({ _id: { $in: ids as never[] } })) === ids.length);
  await until('assignment to learn the liaisons', async () => (await db.db('metrodesk_assignment').collection('liaisons').countDocuments({ _id: { $in: liaisons as never[] }, accountActive: true })) === liaisons.length);
  return enterprises;
}

export async function until(what: string, fn: () => Promise<boolean>, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (await fn()) return;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await sleep(500);
  }
}
