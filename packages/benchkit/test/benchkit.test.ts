import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { below, formatTable, percentile, report } from '../src';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 1)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('report', () => {
  it('prints the table with targets and writes the JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'benchkit-'));
    process.env.BENCH_RESULTS_DIR = dir;
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const file = report({
      name: 'demo',
      load: '10 req/s for 5 s',
      durationS: 5,
      figures: [
        { figure: 'latency p99', value: 250, unit: 'ms', ...below(250, 200, 'ms') },
        { figure: 'rows/s', value: 1234.5, unit: 'rows/s' },
      ],
    });
    delete process.env.BENCH_RESULTS_DIR;
    const printed = String(log.mock.calls[0]?.[0]);
    log.mockRestore();
    expect(printed).toContain('latency p99');
    expect(printed).toContain('MISSED');
    expect(file).toBe(join(dir, 'demo.json'));
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json.figures[0]).toEqual({ figure: 'latency p99', value: 250, unit: 'ms', target: '< 200 ms', met: false });
    expect(json.machine.cores).toBeGreaterThan(0);
  });

  it('marks a met target', () => {
    const text = formatTable({ name: 'x', load: 'l', durationS: 1, figures: [{ figure: 'f', value: 1, unit: 'ms', ...below(1, 2, 'ms') }] });
    expect(text).toMatch(/f\s+1\.0 ms\s+< 2 ms\s+met/);
  });
});
