/**
 * Filings per second through the gateway, with p50/p99 latency under a concurrent load,
 * beside a baseline measured in the same run on the same servers: a bare express handler
 * doing one mongoose insert and one kafkajs send (baseline-server.ts). The requests service
 * is measured directly too, so the gateway's share of the cost shows.
 *
 *   node bench/dist/intake.js   INTAKE_CONNECTIONS=32 INTAKE_SECONDS=15 (per endpoint) INTAKE_ROUNDS=3
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { IDENTITY_HEADER, signIdentity } from '@metrodesk/access';
import { atLeast, report, type Figure } from '@metrodesk/benchkit';
import { dropDatabases, freePort, infra, ServiceProcess } from '@metrodesk/testkit';
import { num } from './env';
import { FILING, prepareCity, startBenchStack } from './stack';

const CONNECTIONS = num('INTAKE_CONNECTIONS', 32);
const SECONDS = num('INTAKE_SECONDS', 15);
const ROUNDS = Math.round(num('INTAKE_ROUNDS', 3));
const PER_ROUND = Math.max(1, Math.round(SECONDS / ROUNDS));
const WARMUP_SECONDS = num('INTAKE_WARMUP_SECONDS', 2);
const BASELINE_DB = 'metrodesk_baseline_bench_intake';

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
}

interface Load {
  rps: number;
  p50: number;
  p99: number;
  failed: number;
}

// autocannon merges the latency histograms of several runs exactly; its types lack the function.
const aggregate = (autocannon as unknown as { aggregateResult(results: autocannon.Result[], opts: { url: string; connections: number }): autocannon.Result }).aggregateResult;

function run(t: Target, seconds: number, skipAggregateResult: boolean): Promise<autocannon.Result> {
  return autocannon({
    url: t.url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...t.headers },
    body: FILING,
    skipAggregateResult,
    // A fresh Idempotency-Key per request: every request is a new filing, not a replay.
    requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }) }],
  });
}

/**
 * The endpoints take turns in short rounds (each round in a rotated order), so a burst of
 * other work on a shared machine weighs on all of them alike instead of on whichever ran then.
 */
async function measure(targets: Target[]): Promise<Map<string, Load>> {
  const raw = new Map<string, autocannon.Result[]>(targets.map((t) => [t.name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < targets.length; i++) {
      const t = targets[(r + i) % targets.length]!;
      raw.get(t.name)!.push(await run(t, PER_ROUND, true));
    }
  }
  const out = new Map<string, Load>();
  for (const t of targets) {
    const a = aggregate(raw.get(t.name)!, { url: t.url, connections: CONNECTIONS });
    out.set(t.name, { rps: a['2xx'] / (PER_ROUND * ROUNDS), p50: a.latency.p50, p99: a.latency.p99, failed: a.non2xx + a.errors + a.timeouts });
  }
  return out;
}

async function main() {
  const stack = await startBenchStack(['accounts', 'requests'], 'intake');
  await dropDatabases(infra.mongoUrl, [BASELINE_DB]);
  const baseline = new ServiceProcess('baseline', await freePort(), { MONGO_URL: infra.mongoUrl, MONGO_DB: BASELINE_DB, KAFKA_BROKERS: infra.kafkaBrokers.join(',') }, join(__dirname, 'baseline-server.js'));
  await baseline.start();
  try {
    const city = await prepareCity(stack, { cityCode: '210100', filings: 0 });
    const identity = signIdentity({ userId: `bench-ent-${stack.run}`, role: 'enterprise', enterpriseId: city.enterpriseId }, stack.secrets.IDENTITY_SECRET!, 24 * 3600);
    const targets: Target[] = [
      { name: 'gateway -> requests', url: `${stack.gateway.url}/api/requests/requests`, headers: { authorization: `Bearer ${city.enterpriseToken}` } },
      { name: 'requests direct', url: `${stack.services.requests!.url}/requests`, headers: { [IDENTITY_HEADER]: identity } },
      { name: 'baseline (express + mongoose + kafkajs)', url: `${baseline.url}/baseline`, headers: {} },
    ];
    // Warm every path (connection pools, JIT) before measuring.
    for (const t of targets) await run(t, WARMUP_SECONDS, false);
    const loads = await measure(targets);
    const [gw, svc, base] = targets.map((t) => loads.get(t.name)!) as [Load, Load, Load];
    const ratioGw = (100 * gw.rps) / base.rps;
    const ratioSvc = (100 * svc.rps) / base.rps;
    const rows = (name: string, l: Load): Figure[] => [
      { figure: `${name} filings/s`, value: l.rps, unit: '/s' },
      { figure: `${name} latency p50`, value: l.p50, unit: 'ms' },
      { figure: `${name} latency p99`, value: l.p99, unit: 'ms' },
      { figure: `${name} failed`, value: l.failed, unit: 'requests', target: '= 0', met: l.failed === 0 },
    ];
    report({
      name: 'intake',
      load: `${CONNECTIONS} concurrent connections filing requests (new Idempotency-Key each), ${ROUNDS} rounds of ${PER_ROUND} s per endpoint, taking turns, after ${WARMUP_SECONDS} s warm-up each; services as processes on the shared MongoDB (FerretDB) and Kafka`,
      durationS: targets.length * (PER_ROUND * ROUNDS + WARMUP_SECONDS),
      figures: [
        ...targets.flatMap((t) => rows(t.name, loads.get(t.name)!)),
        { figure: 'gateway -> requests / baseline', value: ratioGw, unit: '%', ...atLeast(Math.round(ratioGw * 10) / 10, 60, '%') },
        { figure: 'requests direct / baseline', value: ratioSvc, unit: '%', ...atLeast(Math.round(ratioSvc * 10) / 10, 60, '%') },
      ],
      notes: ['the 60 % target is issue #4\'s (requests vs the bare baseline), applied to the public path too'],
    });
  } finally {
    await baseline.stop();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
