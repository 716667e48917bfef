import type { Machine } from '@metrodesk/benchkit';
import { buildSummary, compareSummaries, formatAnchors, formatComparison, formatSummary, formatValue, freshResult, selectBenches, type Outcome } from '../src/summary';

const m: Machine = { host: 'h', cpu: 'cpu', cores: 2, memGiB: 8, node: 'v20', kernel: 'k' };
const at = new Date('2026-11-27T13:00:00Z');

const ok: Outcome = {
  name: 'intake',
  exitCode: 0,
  seconds: 30,
  result: {
    name: 'intake',
    load: '32 connections',
    durationS: 24,
    figures: [
      { figure: 'filings/s', value: 812.4, unit: '/s' },
      { figure: 'ratio', value: 71.25, unit: '%', target: '>= 60 %', met: true },
      { figure: 'p99', value: 1500, unit: 'ms', target: '< 1000 ms', met: false },
    ],
    at: '2026-11-27T12:59:00Z',
  },
};

describe('buildSummary', () => {
  it('makes one row per figure with met, MISSED or no status', () => {
    const s = buildSummary([ok], m, at);
    expect(s.rows.map((r) => [r.bench, r.figure, r.status])).toEqual([
      ['intake', 'filings/s', ''],
      ['intake', 'ratio', 'met'],
      ['intake', 'p99', 'MISSED'],
    ]);
    expect(s.counts).toEqual({ met: 1, missed: 1, failed: 0, untargeted: 1 });
    expect(s.benches).toEqual([{ name: 'intake', exitCode: 0, seconds: 30, load: '32 connections', durationS: 24, notes: [] }]);
  });

  it('marks a bench that wrote no result, or exited non-zero, as FAILED', () => {
    const s = buildSummary(
      [
        { name: 'sla-clocks', exitCode: 1, seconds: 3, result: null },
        { name: 'reporting', exitCode: 0, seconds: 3, result: null },
        { name: 'footprint', exitCode: null, seconds: 3, result: null },
        { ...ok, exitCode: 2 },
      ],
      m,
      at,
    );
    expect(s.rows.filter((r) => r.status === 'FAILED').map((r) => [r.bench, r.figure])).toEqual([
      ['sla-clocks', 'no result (exit code 1)'],
      ['reporting', 'no result (exited 0 but wrote no result)'],
      ['footprint', 'no result (killed: timed out)'],
      ['intake', 'bench failed after reporting (exit code 2)'],
    ]);
    expect(s.counts.failed).toBe(4);
  });

  it('says when a figure had no samples', () => {
    const empty: Outcome = { ...ok, result: { ...ok.result!, figures: [{ figure: 'visible p99', value: null as unknown as number, unit: 'ms', target: '< 1200 ms', met: false }] } };
    expect(formatSummary(buildSummary([empty], m, at))).toMatch(/visible p99\s+no samples\s+< 1200 ms\s+MISSED/);
  });

  it('prints every row and the tally', () => {
    const text = formatSummary(buildSummary([ok, { name: 'sla-clocks', exitCode: 1, seconds: 3, result: null }], m, at));
    expect(text).toMatch(/intake\s+ratio\s+71.3 %\s+>= 60 %\s+met/);
    expect(text).toMatch(/p99\s+1500 ms\s+< 1000 ms\s+MISSED/);
    expect(text).toMatch(/sla-clocks\s+no result \(exit code 1\)\s+runs and reports\s+FAILED/);
    expect(text).toContain('1 met, 1 MISSED, 1 FAILED, 1 without a target');
  });
});

describe('freshResult', () => {
  it('keeps only results written after the bench started', () => {
    expect(freshResult(ok.result, new Date('2026-11-27T12:58:00Z'))).toBe(ok.result);
    expect(freshResult(ok.result, new Date('2026-11-27T13:00:00Z'))).toBeNull();
    expect(freshResult({ ...ok.result!, at: undefined }, new Date(0))).toBeNull();
    expect(freshResult(null, new Date(0))).toBeNull();
  });
});

describe('formatValue', () => {
  it('rounds by magnitude and keeps the unit', () => {
    expect(formatValue(1234.56, 'ms')).toBe('1235 ms');
    expect(formatValue(12.345, '%')).toBe('12.3 %');
    expect(formatValue(0.01234, 's')).toBe('0.012 s');
    expect(formatValue(3, '')).toBe('3');
    expect(formatValue(0, 'ms')).toBe('0 ms');
    expect(formatValue(Number.NaN, 'ms')).toBe('NaN ms');
    expect(formatValue(null, 'ms')).toBe('');
  });
});

describe('selectBenches', () => {
  const all = ['footprint', 'intake', 'propagation'];
  it('runs everything by default, a subset in the runner order with --only or BENCH_ONLY', () => {
    expect(selectBenches(all, [], {})).toEqual(all);
    expect(selectBenches(all, ['--only', 'propagation,intake'], {})).toEqual(['intake', 'propagation']);
    expect(selectBenches(all, ['--only=footprint'], {})).toEqual(['footprint']);
    expect(selectBenches(all, [], { BENCH_ONLY: 'intake' })).toEqual(['intake']);
    expect(selectBenches(all, ['--', '--only', 'intake'], { BENCH_ONLY: 'footprint' })).toEqual(['intake']);
  });
  it('refuses unknown names and arguments', () => {
    expect(() => selectBenches(all, ['--only', 'intake,nope'], {})).toThrow(/unknown bench nope/);
    expect(() => selectBenches(all, ['--fast'], {})).toThrow(/unknown argument --fast/);
  });
});

describe('compareSummaries', () => {
  const run = (figures: { figure: string; value: number; unit: string; target?: string; met?: boolean }[], name = 'intake'): Outcome => ({
    name,
    exitCode: 0,
    seconds: 1,
    result: { name, load: 'l', durationS: 1, figures, at: '2026-11-27T12:59:00Z' },
  });

  it("puts each figure beside the previous run's, judged by its target's direction", () => {
    const before = buildSummary([run([{ figure: 'ratio', value: 50, unit: '%', target: '>= 60 %' }, { figure: 'p99', value: 900, unit: 'ms', target: '< 1000 ms' }, { figure: 'rate', value: 5, unit: '/s' }, { figure: 'gone', value: 1, unit: '' }]), run([{ figure: 'x', value: 1, unit: '' }], 'sla-clocks')], m, at);
    const now = buildSummary([run([{ figure: 'ratio', value: 70, unit: '%', target: '>= 60 %' }, { figure: 'p99', value: 1200, unit: 'ms', target: '< 1000 ms' }, { figure: 'rate', value: 6, unit: '/s' }, { figure: 'new', value: 2, unit: '' }])], m, at);
    expect(compareSummaries(before, now).map((r) => [r.figure, r.before, r.now, r.change])).toEqual([
      ['ratio', 50, 70, 'better'],
      ['p99', 900, 1200, 'worse'],
      ['rate', 5, 6, ''],
      ['new', null, 2, ''],
      ['gone', 1, null, ''],
    ]);
    expect(formatComparison(compareSummaries(before, now), before.at)).toContain('before (2026-11-27T13:00:00.000Z)');
  });

  it('shows this run alone when there is no previous summary', () => {
    const now = buildSummary([run([{ figure: 'p99', value: 1, unit: 'ms', target: '< 5 ms' }])], m, at);
    expect(compareSummaries(null, now)).toEqual([{ bench: 'intake', figure: 'p99', before: null, now: 1, unit: 'ms', target: '< 5 ms', change: '' }]);
  });
});

describe('formatAnchors', () => {
  it("prints our figure beside each product's schedule, and says when the bench did not run", () => {
    const sla: Outcome = { name: 'sla-clocks', exitCode: 0, seconds: 1, result: { name: 'sla-clocks', load: 'l', durationS: 1, figures: [{ figure: 'breach lateness p99 (deadline -> event to Kafka)', value: 123.4, unit: 'ms', target: '< 1000 ms', met: true }], at: '2026-11-27T12:59:00Z' } };
    const text = formatAnchors(buildSummary([sla], m, at));
    expect(text).toContain('a breach acted on: ours 123 ms (sla-clocks); Zammad checks escalations every 5 minutes');
    expect(text).toContain('an event counted in the reports: ours not run (reporting); Zendesk Explore refreshes reports hourly at best');
  });
});
