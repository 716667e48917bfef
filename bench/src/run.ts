/**
 * `pnpm bench`: runs every benchmark against the real servers, one after the other (they
 * would only measure each other if run together), then gathers each bench/results/<name>.json
 * that benchkit's report() wrote during this run into one table, printed beside the previous
 * bench/results/summary.json and, after a run of every bench, written there.
 *
 *   pnpm bench                              everything
 *   pnpm bench --only intake,propagation    a subset (or BENCH_ONLY=intake,propagation)
 *
 * Sizes are each bench's own environment variables, passed through (README "Benchmarks").
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { machine, resultsDir } from '@metrodesk/benchkit';
import { buildSummary, compareSummaries, formatAnchors, formatComparison, formatSummary, freshResult, selectBenches, type Outcome, type StoredResult, type Summary } from './summary';

const ROOT = resolve(__dirname, '..', '..');
const node = (file: string) => [process.execPath, join(__dirname, file)];
const service = (svc: string) => ['pnpm', '--filter', `@metrodesk/${svc}`, 'bench'];

/** Result name (what report() is called with) -> command. The stack-wide ones first: they start the most processes. */
const BENCHES: Record<string, string[]> = {
  footprint: node('footprint.js'),
  intake: node('intake.js'),
  propagation: node('propagation.js'),
  'database-costs': node('database-costs.js'),
  'requests-filing': service('requests'),
  'assignment-routing': service('assignment'),
  'sla-clocks': service('sla'),
  reporting: service('reporting'),
  'reporting-programmes': ['pnpm', '--filter', '@metrodesk/reporting', 'bench:programmes'],
  'accounts-import': service('accounts'),
  'accounts-instruments': ['pnpm', '--filter', '@metrodesk/accounts', 'bench:instruments'],
  'notifications-delivery': service('notifications'),
};

const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_SECONDS ?? 3600) * 1000;
let interrupted = false;

/** Runs one bench in a process group of its own, so a timeout stops it and everything it started. */
function runOne(cmd: string[]): Promise<number | null> {
  return new Promise((res) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { cwd: ROOT, stdio: 'inherit', detached: true });
    const stop = (sig: NodeJS.Signals) => {
      if (child.pid && child.exitCode === null) {
        try {
          process.kill(-child.pid, sig);
        } catch {
          /* already gone */
        }
      }
    };
    const timer = setTimeout(() => {
      console.error(`bench timed out after ${TIMEOUT_MS / 1000} s: ${cmd.join(' ')}`);
      stop('SIGTERM');
      setTimeout(() => stop('SIGKILL'), 15_000).unref();
    }, TIMEOUT_MS);
    // Ctrl-C reaches only the runner (the bench has a process group of its own): pass it on, and run nothing more.
    const interrupt = () => {
      interrupted = true;
      stop('SIGTERM');
    };
    process.once('SIGINT', interrupt);
    child.on('error', () => res(127));
    child.on('exit', (code) => {
      clearTimeout(timer);
      process.off('SIGINT', interrupt);
      res(code);
    });
  });
}

const QUIET_IDLE = 0.85;
const QUIET_MAX_MS = Number(process.env.BENCH_QUIET_MAX_SECONDS ?? 120) * 1000;

/** Idle and total CPU time of the machine so far (/proc/stat's first line). */
function cpuTimes(): { idle: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { idle: (fields[3] ?? 0) + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) };
}

/**
 * Waits until the machine is quiet (at least 85 % idle over 3 s) before a bench, so one
 * bench does not measure the work the last one left behind (a consumer backlog, the
 * database's vacuum after a heavy run). Gives up after BENCH_QUIET_MAX_SECONDS (120) and
 * says so. Returns the seconds waited.
 */
async function waitQuiet(): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    const a = cpuTimes();
    await new Promise((r) => setTimeout(r, 3000));
    const b = cpuTimes();
    const idle = (b.idle - a.idle) / Math.max(1, b.total - a.total);
    if (idle >= QUIET_IDLE) return (performance.now() - t0) / 1000;
    if (performance.now() - t0 > QUIET_MAX_MS) {
      console.log(`machine still ${Math.round((1 - idle) * 100)} % busy after ${QUIET_MAX_MS / 1000} s; running anyway`);
      return (performance.now() - t0) / 1000;
    }
  }
}

function readResult(dir: string, name: string): StoredResult | null {
  try {
    return JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as StoredResult;
  } catch {
    return null;
  }
}

function readSummary(dir: string): Summary | null {
  try {
    return JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
  } catch {
    return null;
  }
}

async function main() {
  const names = selectBenches(Object.keys(BENCHES), process.argv.slice(2), process.env);
  const dir = resultsDir(ROOT);
  const outcomes: Outcome[] = [];
  for (const name of names) {
    if (interrupted) break;
    const cmd = BENCHES[name]!;
    const waited = await waitQuiet();
    console.log(`\n### ${name}: ${cmd.join(' ')} (after ${waited.toFixed(0)} s waiting for a quiet machine)`);
    const startedAt = new Date();
    const t0 = performance.now();
    const exitCode = await runOne(cmd);
    outcomes.push({ name, exitCode, seconds: (performance.now() - t0) / 1000, result: freshResult(readResult(dir, name), startedAt) });
  }
  const summary = buildSummary(outcomes, machine(), new Date());
  console.log(`\n${formatSummary(summary)}`);
  const previous = readSummary(dir);
  console.log(`\n${formatComparison(compareSummaries(previous, summary), previous?.at ?? null)}`);
  console.log(`\n${formatAnchors(summary)}`);
  // summary.json is the whole table: a run of some benches prints its figures but keeps it.
  if (names.length === Object.keys(BENCHES).length && !interrupted) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  }
  if (summary.counts.failed > 0) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
