import type { BenchResult, Machine } from '@metrodesk/benchkit';

/** A bench/results/<name>.json as benchkit's report() writes it. */
export interface StoredResult extends BenchResult {
  machine?: Machine;
  at?: string;
}

/** What running one bench gave: its exit code, and its result if it wrote one during this run. */
export interface Outcome {
  name: string;
  exitCode: number | null;
  seconds: number;
  result: StoredResult | null;
}

export type Status = 'met' | 'MISSED' | 'FAILED' | '';

export interface Row {
  bench: string;
  figure: string;
  value: number | null;
  unit: string;
  target: string;
  status: Status;
}

export interface Summary {
  at: string;
  machine: Machine;
  benches: { name: string; exitCode: number | null; seconds: number; load: string | null; durationS: number | null; notes: string[] }[];
  rows: Row[];
  counts: { met: number; missed: number; failed: number; untargeted: number };
}

/** A result counts for this run only if report() wrote it after the run began. */
export function freshResult(result: StoredResult | null, startedAt: Date): StoredResult | null {
  if (!result?.at) return null;
  return Date.parse(result.at) >= startedAt.getTime() ? result : null;
}

/** One row per figure of every bench; a bench that failed or wrote nothing gets a FAILED row. */
export function buildSummary(outcomes: Outcome[], machine: Machine, at: Date): Summary {
  const rows: Row[] = [];
  for (const o of outcomes) {
    for (const f of o.result?.figures ?? []) {
      rows.push({ bench: o.name, figure: f.figure, value: f.value, unit: f.unit, target: f.target ?? '', status: f.met === undefined ? '' : f.met ? 'met' : 'MISSED' });
    }
    if (o.exitCode !== 0 || !o.result) {
      const why = o.exitCode === 0 ? 'exited 0 but wrote no result' : o.exitCode === null ? 'killed: timed out' : `exit code ${o.exitCode}`;
      rows.push({ bench: o.name, figure: o.result ? `bench failed after reporting (${why})` : `no result (${why})`, value: null, unit: '', target: 'runs and reports', status: 'FAILED' });
    }
  }
  const count = (s: Status) => rows.filter((r) => r.status === s).length;
  return {
    at: at.toISOString(),
    machine,
    benches: outcomes.map((o) => ({ name: o.name, exitCode: o.exitCode, seconds: o.seconds, load: o.result?.load ?? null, durationS: o.result?.durationS ?? null, notes: o.result?.notes ?? [] })),
    rows,
    counts: { met: count('met'), missed: count('MISSED'), failed: count('FAILED'), untargeted: count('') },
  };
}

export function formatValue(value: number | null, unit: string): string {
  if (value === null) return '';
  const n = !Number.isFinite(value) || Number.isInteger(value) ? String(value) : Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(1) : value.toPrecision(2);
  return unit ? `${n} ${unit}` : n;
}

/** The combined table, then each bench's load and duration, then the tally. */
export function formatSummary(s: Summary): string {
  const m = s.machine;
  const head = ['bench', 'figure', 'value', 'target', ''];
  // A percentile of no samples is NaN, which JSON stores as null.
  const cells = s.rows.map((r) => [r.bench, r.figure, r.value === null && r.status !== 'FAILED' ? 'no samples' : formatValue(r.value, r.unit), r.target, r.status]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd();
  return [
    `== Metrodesk benchmarks, ${s.at}, on ${m.host}: ${m.cores}× ${m.cpu}, ${m.memGiB} GiB, node ${m.node}, kernel ${m.kernel}`,
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...cells.map(line),
    '',
    ...s.benches.map((b) => `${b.name}: ${b.load ?? '(no result)'}${b.durationS === null ? '' : `; measured ${formatValue(b.durationS, 's')}`}; ran ${formatValue(b.seconds, 's')}`),
    '',
    `${s.counts.met} met, ${s.counts.missed} MISSED, ${s.counts.failed} FAILED, ${s.counts.untargeted} without a target`,
  ].join('\n');
}

/** `--only a,b` (or BENCH_ONLY=a,b) picks benches by name, in the runner's order; unknown names are an error. */
export function selectBenches(all: readonly string[], argv: readonly string[], env: Record<string, string | undefined>): string[] {
  let only: string | undefined = env.BENCH_ONLY;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--only') only = argv[++i];
    else if (a.startsWith('--only=')) only = a.slice('--only='.length);
    else if (a !== '--') throw new Error(`unknown argument ${a}; use --only ${all.join(',')}`);
  }
  if (only === undefined || only.trim() === '') return [...all];
  const wanted = only.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((w) => !all.includes(w));
  if (unknown.length > 0) throw new Error(`unknown bench ${unknown.join(', ')}; known: ${all.join(', ')}`);
  return all.filter((n) => wanted.includes(n));
}

/** One figure of this run beside the same figure (same bench, same name) of the run before. */
export interface ComparedRow {
  bench: string;
  figure: string;
  before: number | null;
  now: number | null;
  unit: string;
  target: string;
  /** Against the target's direction ("<" lower is better, ">"/">=" higher): '' when it has none, or a side is missing. */
  change: 'better' | 'same' | 'worse' | '';
}

function direction(target: string): -1 | 1 | 0 {
  if (target.startsWith('<')) return -1;
  if (target.startsWith('>')) return 1;
  return 0;
}

/**
 * This run's figures beside the previous summary's, for the benches this run ran: a figure
 * neither run lacks is shown with both values; one only the previous run reported is shown
 * with `now` empty, so a figure that disappears is seen.
 */
export function compareSummaries(before: Summary | null, now: Summary): ComparedRow[] {
  const ran = new Set(now.benches.map((b) => b.name));
  const key = (r: Row) => `${r.bench}\0${r.figure}`;
  const old = new Map((before?.rows ?? []).filter((r) => ran.has(r.bench) && r.status !== 'FAILED').map((r) => [key(r), r]));
  const rows: ComparedRow[] = [];
  for (const r of now.rows.filter((x) => x.status !== 'FAILED')) {
    const prev = old.get(key(r));
    old.delete(key(r));
    const target = r.target || prev?.target || '';
    const dir = direction(target);
    let change: ComparedRow['change'] = '';
    if (dir !== 0 && prev?.value != null && r.value !== null) {
      const delta = (r.value - prev.value) * dir;
      change = delta > 0 ? 'better' : delta < 0 ? 'worse' : 'same';
    }
    rows.push({ bench: r.bench, figure: r.figure, before: prev?.value ?? null, now: r.value, unit: r.unit, target, change });
  }
  for (const prev of old.values()) rows.push({ bench: prev.bench, figure: prev.figure, before: prev.value, now: null, unit: prev.unit, target: prev.target, change: '' });
  return rows;
}

export function formatComparison(rows: ComparedRow[], beforeAt: string | null): string {
  const head = ['bench', 'figure', `before (${beforeAt ?? 'none'})`, 'now', 'target', ''];
  const cells = rows.map((r) => [r.bench, r.figure, r.before === null ? '—' : formatValue(r.before, r.unit), r.now === null ? '—' : formatValue(r.now, r.unit), r.target, r.change]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd();
  return ['== beside the previous run', line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/**
 * What comparable products promise by schedule, printed beside the figures of ours that do
 * the same job (issue #25 asks for both side by side): an escalation, an assignment, a report.
 */
export const ANCHORS = [
  { ours: { bench: 'sla-clocks', figure: 'breach lateness p99 (deadline -> event to Kafka)' }, what: 'a breach acted on', theirs: 'Zammad checks escalations every 5 minutes' },
  { ours: { bench: 'assignment-routing', figure: 'filed -> assigned p99' }, what: 'a new request assigned', theirs: 'Chatwoot assigns waiting conversations every 15 minutes' },
  { ours: { bench: 'propagation', figure: 'filed -> requests shows it assigned p99' }, what: 'the assignment shown on the request, whole stack at 100/s', theirs: 'Zendesk runs time-based automations hourly' },
  { ours: { bench: 'reporting', figure: 'freshness p99 (published -> visible over HTTP)' }, what: 'an event counted in the reports', theirs: 'Zendesk Explore refreshes reports hourly at best' },
] as const;

export function formatAnchors(s: Summary): string {
  const lines = ANCHORS.map((a) => {
    const row = s.rows.find((r) => r.bench === a.ours.bench && r.figure === a.ours.figure);
    const ours = row && row.value !== null ? formatValue(row.value, row.unit) : 'not run';
    return `${a.what}: ours ${ours} (${a.ours.bench}); ${a.theirs}`;
  });
  return ['== anchors: what comparable products promise by schedule', ...lines].join('\n');
}
