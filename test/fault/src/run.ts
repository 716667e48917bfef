import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTable, machine, type BenchResult } from '@metrodesk/benchkit';
import { MongoClient } from 'mongodb';
import { PrivateInfra } from './infra';
import { MODES, RUN, SCENARIOS, type Mode, type Outcome, type ScenarioName } from './scenarios';
import { CITIES, seedCities } from './seed';
import { FaultStack } from './stack';

/**
 * The fault suite: `node dist/run.js smoke|full`. Starts private servers (deploy/local/up
 * in .local/fault on free ports) and the services as processes once, runs each scenario
 * (load, fault, recovery, end-to-end check), prints one table per scenario and a summary,
 * writes test/fault/results/fault-<mode>.json, stops everything however the run ends, and
 * exits 1 if any filing was lost or duplicated or a scenario failed.
 * FAULT_SCENARIOS=crash,poison runs a subset.
 */
const RESULTS = join(__dirname, '..', 'results');
const out = (s: string) => process.stdout.write(`${s}\n`);
const t0 = Date.now();
const log = (s: string) => process.stderr.write(`[fault ${Math.round((Date.now() - t0) / 1000)} s] ${s}\n`);

interface Row {
  scenario: ScenarioName;
  durationS: number;
  outcome?: Outcome;
  error?: string;
}

function toBench(mode: Mode, row: Row): BenchResult {
  const v = row.outcome?.verdict;
  const figures = v
    ? [
        { figure: 'filings sent', value: v.sent, unit: 'filings' },
        { figure: 'filings accepted (201)', value: v.accepted, unit: 'filings' },
        { figure: 'filings found in requests', value: v.found, unit: 'filings' },
        { figure: 'duplicated', value: v.duplicated, unit: 'filings', target: '= 0', met: v.duplicated === 0 },
        { figure: 'lost or half-written', value: v.lost, unit: 'filings', target: '= 0', met: v.lost === 0 },
        { figure: 'counted by reporting', value: v.reportingCounted, unit: 'requests', target: `= ${v.reportingExpected}`, met: v.reportingCounted === v.reportingExpected },
        { figure: 'time to settle after load', value: v.waitedS, unit: 's' },
        ...row.outcome!.extra,
      ]
    : [];
  return {
    name: `fault-${row.scenario}-${mode.name}`,
    load: `${v?.sent ?? mode.count[row.scenario]} filings at ${mode.ratePerSec}/s`,
    durationS: row.durationS,
    figures,
    notes: [...(row.outcome?.notes ?? []), ...(v?.problems.slice(0, 10) ?? []), ...(row.error ? [`ERROR: ${row.error}`] : [])],
  };
}

const passed = (r: Row) => !r.error && !!r.outcome && !r.outcome.failed && r.outcome.verdict.lost === 0 && r.outcome.verdict.duplicated === 0 && r.outcome.verdict.reportingCounted === r.outcome.verdict.reportingExpected;

/** The figures that missed their target, the scenario's notes and its error, in a few lines. */
function reasons(mode: Mode, row: Row): string[] {
  const b = toBench(mode, row);
  const missed = b.figures.filter((f) => f.met === false).map((f) => `${f.figure} ${f.value} (target ${f.target})`);
  const error = row.error ? [`error: ${row.error.split('\n')[0]}`] : [];
  return [...missed, ...error, ...(b.notes ?? []).slice(0, 12).map((n) => `note: ${n}`)];
}

function summary(mode: Mode, rows: Row[]): string {
  const head = ['scenario', 'sent', 'accepted', 'found', 'duplicated', 'lost', 'reporting', 'time', 'result'];
  const body = rows.map((r) => {
    const v = r.outcome?.verdict;
    return [r.scenario, v?.sent ?? '-', v?.accepted ?? '-', v?.found ?? '-', v?.duplicated ?? '-', v?.lost ?? '-', v ? `${v.reportingCounted}/${v.reportingExpected}` : '-', `${Math.round(r.durationS)} s`, passed(r) ? 'PASS' : 'FAIL'].map(String);
  });
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const m = machine();
  // CI keeps only the end of the output: a failed scenario's reasons are repeated here.
  const why = rows.filter((r) => !passed(r)).map((r) => `${r.scenario} failed: ${reasons(mode, r).join('; ')}`);
  return [`== fault suite (${mode.name}) — ${m.cores}× ${m.cpu}, ${m.memGiB} GiB, node ${m.node}`, line(head), ...body.map(line), ...why].join('\n');
}

async function main(): Promise<number> {
  const mode = MODES[(process.argv[2] ?? 'smoke') as Mode['name']];
  if (!mode) throw new Error(`usage: run.js smoke|full (got ${process.argv[2]})`);
  const wanted = (process.env.FAULT_SCENARIOS?.split(',') ?? [...SCENARIOS]) as ScenarioName[];
  // The cluster scenario moves the services to other brokers for good: it runs last.
  const order = SCENARIOS.filter((s) => wanted.includes(s));
  const infra = await PrivateInfra.prepare();
  let stack: FaultStack | undefined;
  let db: MongoClient | undefined;
  const rows: Row[] = [];
  const cleanup = async () => {
    await stack?.stop().catch(() => undefined);
    await db?.close().catch(() => undefined);
    log('stopping the private servers');
    await infra.down().catch((err: Error) => log(`down failed: ${err.message}`));
  };
  // However the run ends (Ctrl-C, CI timeout), the private servers stop.
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => {
      log(`${sig}: cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  try {
    log(`private servers in ${infra.dir} (ports ${JSON.stringify(infra.ports)})`);
    await infra.up();
    log('servers up; starting the services');
    stack = new FaultStack(infra);
    await stack.start();
    db = new MongoClient(infra.mongoUrl, { serverSelectionTimeoutMS: 5000 });
    const enterprises = await seedCities(stack, db, { liaisonsPerCity: 3, enterprisesPerCity: 3 });
    log('seeded liaisons and enterprises; running scenarios');
    for (const [i, scenario] of order.entries()) {
      const started = Date.now();
      const city = CITIES[i]!;
      log(`scenario ${scenario} (city ${city})`);
      const row: Row = { scenario, durationS: 0 };
      try {
        row.outcome = await RUN[scenario]({ infra, stack, db, mode, city, enterprises: enterprises[city]!, log });
      } catch (err) {
        row.error = (err as Error).stack ?? String(err);
        log(`scenario ${scenario} failed: ${row.error}`);
        // A scenario that broke halfway may leave a server down: bring everything back for the next.
        await infra.up().catch(() => undefined);
        await stack.ensureRunning().catch((e: Error) => log(`could not bring the services back: ${e.message}`));
      }
      row.durationS = (Date.now() - started) / 1000;
      rows.push(row);
      out(formatTable(toBench(mode, row)));
      if (!passed(row)) out(`services' last words after the failed scenario ${scenario}:\n${stack.tails()}`);
      out('');
    }
  } finally {
    await cleanup();
  }
  out(summary(mode, rows));
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `fault-${mode.name}.json`);
  writeFileSync(file, JSON.stringify({ mode: mode.name, at: new Date().toISOString(), machine: machine(), totalS: Math.round((Date.now() - t0) / 1000), scenarios: rows.map((r) => ({ ...toBench(mode, r), passed: passed(r) })) }, null, 2) + '\n');
  out(`results: ${file}; total ${Math.round((Date.now() - t0) / 1000)} s`);
  return rows.length === order.length && rows.every(passed) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`[fault] ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
