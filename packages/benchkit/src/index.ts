/**
 * One shape for every benchmark's figures, so `pnpm bench` can gather them into one table.
 * A bench measures, then calls `report()`: it prints its table and writes
 * bench/results/<name>.json (repository root), which the runner collects.
 */
import { cpus, hostname, release, totalmem } from 'node:os';
import { accessSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface Figure {
  /** What was measured, e.g. "breach lateness p99". */
  figure: string;
  value: number;
  unit: string;
  /** The target as text, e.g. "< 1000 ms"; omit when there is none. */
  target?: string;
  /** Whether value meets target; omit when there is no target. */
  met?: boolean;
}

export interface BenchResult {
  name: string;
  /** The load in words: rates, counts, concurrency. */
  load: string;
  durationS: number;
  figures: Figure[];
  notes?: string[];
}

export interface Machine {
  host: string;
  cpu: string;
  cores: number;
  memGiB: number;
  node: string;
  kernel: string;
}

export function machine(): Machine {
  const c = cpus();
  return {
    host: hostname(),
    cpu: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    memGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: release(),
  };
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** Checks a value against an upper bound and renders the target. */
export function below(value: number, limit: number, unit: string): Pick<Figure, 'target' | 'met'> {
  return { target: `< ${limit} ${unit}`, met: value < limit };
}

/** Checks a value against a lower bound and renders the target. */
export function atLeast(value: number, limit: number, unit: string): Pick<Figure, 'target' | 'met'> {
  return { target: `>= ${limit} ${unit}`, met: value >= limit };
}

export function formatTable(result: BenchResult, m: Machine = machine()): string {
  const rows = result.figures.map((f) => [
    f.figure,
    `${round(f.value)} ${f.unit}`,
    f.target ?? '',
    f.met === undefined ? '' : f.met ? 'met' : 'MISSED',
  ]);
  const head = ['figure', 'value', 'target', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [
    `== ${result.name} — ${result.load}; ${round(result.durationS)} s on ${m.cores}× ${m.cpu}, ${m.memGiB} GiB, node ${m.node}`,
    line(head),
    ...rows.map(line),
    ...(result.notes ?? []).map((n) => `  note: ${n}`),
  ].join('\n');
}

/** Root of the repository: BENCH_RESULTS_DIR, else the nearest ancestor holding pnpm-workspace.yaml. */
export function resultsDir(from: string = process.cwd()): string {
  if (process.env.BENCH_RESULTS_DIR) return resolve(process.env.BENCH_RESULTS_DIR);
  let dir = resolve(from);
  for (;;) {
    try {
      accessSync(join(dir, 'pnpm-workspace.yaml'));
      return join(dir, 'bench', 'results');
    } catch {
      const up = resolve(dir, '..');
      if (up === dir) return join(resolve(from), 'bench', 'results');
      dir = up;
    }
  }
}

/** Prints the table and writes bench/results/<name>.json; returns the file's path. */
export function report(result: BenchResult): string {
  const m = machine();
  // The printed table is the point of a benchmark.
  // eslint-disable-next-line no-console
  console.log(formatTable(result, m));
  const dir = resultsDir();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.name}.json`);
  writeFileSync(file, JSON.stringify({ ...result, machine: m, at: new Date().toISOString() }, null, 2) + '\n');
  return file;
}

function round(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(1) : n.toPrecision(2);
}
