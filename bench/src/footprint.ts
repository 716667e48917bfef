/**
 * Resident memory (VmRSS from /proc/<pid>/status) of every service process, idle and under a
 * filing load, and the cold start of the whole stack: every process spawned at once, until
 * the last /readyz answers 200.
 *
 *   node bench/dist/footprint.js   FOOTPRINT_RATE=100 FOOTPRINT_SECONDS=30 FOOTPRINT_SETTLE_SECONDS=10
 */
import { percentile, report, type Figure } from '@metrodesk/benchkit';
import { num, sleep } from './env';
import { fileAtRate } from './load';
import { prepareCity, SERVICES, startBenchStack } from './stack';

const RATE = num('FOOTPRINT_RATE', 100);
const SECONDS = num('FOOTPRINT_SECONDS', 30);
const SETTLE_SECONDS = num('FOOTPRINT_SETTLE_SECONDS', 10);
const SAMPLE_MS = 500;
const MiB = 2 ** 20;

async function main() {
  const stack = await startBenchStack([...SERVICES], 'footprint');
  const names = stack.all.map((p) => p.name);
  const readyAfter = stack.all.map((p) => `${p.name} ${(p.readyAfterMs / 1000).toFixed(1)} s`).join(', ');
  try {
    // Idle: after start-up work (index builds, group joins) has settled, the median of a few samples.
    await sleep(SETTLE_SECONDS * 1000);
    const idleSamples: number[][] = [];
    for (let i = 0; i < 5; i++) {
      idleSamples.push(stack.all.map((p) => p.rss()));
      await sleep(1000);
    }
    const idle = names.map((_, j) => percentile(idleSamples.map((s) => s[j]!), 50));

    const city = await prepareCity(stack, { cityCode: '210200', filings: Math.round(RATE * SECONDS) });
    const peak = names.map(() => 0);
    let peakTotal = 0;
    let loading = true;
    const sampler = (async () => {
      while (loading) {
        const s = stack.all.map((p) => p.rss());
        s.forEach((v, j) => (peak[j] = Math.max(peak[j]!, v)));
        peakTotal = Math.max(peakTotal, s.reduce((a, b) => a + b, 0));
        await sleep(SAMPLE_MS);
      }
    })();
    const { filings } = await fileAtRate({ url: `${stack.gateway.url}/api/requests/requests`, token: city.enterpriseToken, rate: RATE, seconds: SECONDS, tag: stack.run });
    loading = false;
    await sampler;
    const accepted = filings.filter((f) => f.status === 201).length;

    const figures: Figure[] = [{ figure: 'cold start, whole stack (spawn -> every /readyz 200)', value: stack.coldStartMs / 1000, unit: 's' }];
    names.forEach((n, j) => figures.push({ figure: `${n} RSS idle`, value: idle[j]! / MiB, unit: 'MiB' }));
    names.forEach((n, j) => figures.push({ figure: `${n} RSS peak under load`, value: peak[j]! / MiB, unit: 'MiB' }));
    figures.push({ figure: 'stack RSS idle, total', value: idle.reduce((a, b) => a + b, 0) / MiB, unit: 'MiB' });
    figures.push({ figure: 'stack RSS peak under load, total', value: peakTotal / MiB, unit: 'MiB' });
    report({
      name: 'footprint',
      load: `${names.length} processes (${names.join(', ')}); idle = median of 5 samples after ${SETTLE_SECONDS} s; load = ${RATE} filings/s for ${SECONDS} s through the gateway (${accepted}/${filings.length} accepted), sampled every ${SAMPLE_MS} ms`,
      durationS: SETTLE_SECONDS + 5 + SECONDS,
      figures,
      notes: [`ready after spawn: ${readyAfter}`, 'the issue sets no target for memory or cold start: recorded for comparison between runs'],
    });
  } finally {
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
