/**
 * Filed -> assigned -> visible in reporting, per filing, at a steady filing rate through the
 * gateway. The services run as processes (accounts, requests, assignment, reporting, the
 * gateway), each with its own database and consumer group on the shared servers.
 *
 *   filed:     the moment the POST left this process;
 *   assigned:  assignment's `assignment.assignment.assigned` for it arrives on Kafka here
 *              (with the steps around it, so a slow figure shows which step is slow:
 *              requests' `filed` event published, requests' status change to assigned);
 *   visible:   reporting's read model holds the request as assigned (its fact document,
 *              polled every PROPAGATION_POLL_MS), i.e. the next report counts it.
 *
 *   node bench/dist/propagation.js   PROPAGATION_RATE=100 PROPAGATION_SECONDS=60
 */
import { performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { ASSIGNMENT_TOPIC, REQUEST_TOPIC } from '@metrodesk/contracts';
import { below, percentile, report } from '@metrodesk/benchkit';
import { infra, waitFor } from '@metrodesk/testkit';
import { num, sleep } from './env';
import { fileAtRate, tapEvents, type Filing } from './load';
import { liaisonPrefix, prepareCity, startBenchStack } from './stack';

const RATE = num('PROPAGATION_RATE', 100);
const SECONDS = num('PROPAGATION_SECONDS', 60);
const DRAIN_SECONDS = num('PROPAGATION_DRAIN_SECONDS', 120);
/** Filings looked up per reporting poll, oldest first. */
const POLL_BATCH = 20;
const POLL_MS = num('PROPAGATION_POLL_MS', 100);
// Chaoyang: a city the other suites' fixtures rarely use.
const CITY = '211300';
// Issue #6: filed -> assigned p99 under 200 ms at 100 filings/s; issue #8: figures reflect an event within 1 s.
const ASSIGNED_P99_MS = 200;
const VISIBLE_P99_MS = ASSIGNED_P99_MS + 1000;

/** performance.now() of each step one filing went through, as seen from here. */
interface Track {
  filing?: Filing;
  /** requests' outbox relay published `requests.request.filed`. */
  publishedAt?: number;
  assignedAt?: number;
  /** requests applied the assignment: `requests.request.status-changed` to assigned. */
  requestAssignedAt?: number;
  visibleAt?: number;
}

async function main() {
  const stack = await startBenchStack(['accounts', 'requests', 'assignment', 'reporting'], 'propagation');
  const mongo = new MongoClient(infra.mongoUrl);
  await mongo.connect();
  const facts = mongo.db(stack.dbName('reporting')).collection<{ _id: string; fact: string }>('rp_facts');
  const tracks = new Map<string, Track>();
  const track = (id: string) => tracks.get(id) ?? tracks.set(id, {}).get(id)!;
  const ours = liaisonPrefix(stack.run);
  // The stack's own topics (its namespace); the roster check keeps the count to this bench's liaisons.
  const tap = await tapEvents([stack.topic(ASSIGNMENT_TOPIC), stack.topic(REQUEST_TOPIC)], (e) => {
    if (e.data.cityCode !== CITY) return;
    const id = String(e.data.requestId);
    if (e.type === 'requests.request.filed') track(id).publishedAt ??= e.at;
    else if (e.type === 'assignment.assignment.assigned' && String(e.data.assigneeId).startsWith(ours)) track(id).assignedAt ??= e.at;
    else if (e.type === 'requests.request.status-changed' && e.data.to === 'assigned') track(id).requestAssignedAt ??= e.at;
  });
  let polling = true;
  const poller = (async () => {
    while (polling) {
      // Only assigned filings can be visible as assigned, and they become visible roughly in
      // filing order: each poll looks up the oldest few by _id (an indexed equality). A `$in`
      // would make FerretDB v1 read the whole collection every poll, which loaded the shared
      // database this bench measures.
      const pending = [...tracks].filter(([, t]) => t.filing && t.assignedAt !== undefined && t.visibleAt === undefined).slice(0, POLL_BATCH);
      if (pending.length > 0) {
        try {
          const docs = await Promise.all(pending.map(([id]) => facts.findOne({ _id: `r:${id}` }, { projection: { fact: 1 } })));
          const now = performance.now();
          for (const d of docs) {
            if (!d) continue;
            const status = (JSON.parse(d.fact) as { status?: string }).status;
            if (status && status !== 'filed') tracks.get(d._id.slice(2))!.visibleAt ??= now;
          }
        } catch (err) {
          // A slow or failed poll only delays what it would have seen; the next one retries.
          console.error(`reporting poll failed: ${(err as Error).message}`);
        }
      }
      await sleep(POLL_MS);
    }
  })();
  try {
    const city = await prepareCity(stack, { cityCode: CITY, filings: Math.round(RATE * SECONDS) });
    // The warm-up filing went all the way through before the clock starts.
    await waitFor(() => [...tracks.values()].some((t) => t.assignedAt !== undefined), { timeoutMs: 180_000, what: 'the warm-up filing to be assigned' });
    const started = performance.now();
    const { filings, sendSeconds } = await fileAtRate({
      url: `${stack.gateway.url}/api/requests/requests`,
      token: city.enterpriseToken,
      rate: RATE,
      seconds: SECONDS,
      tag: stack.run,
      onAccepted: (id, f) => {
        track(id).filing = f;
      },
    });
    const accepted = filings.filter((f) => f.id);
    const mine = accepted.map((f) => tracks.get(f.id!)!);
    const deadline = performance.now() + DRAIN_SECONDS * 1000;
    while (performance.now() < deadline && mine.some((t) => t.visibleAt === undefined)) await sleep(250);
    const durationS = (performance.now() - started) / 1000;

    const since = (at: (t: Track) => number | undefined) => mine.filter((t) => at(t) !== undefined).map((t) => at(t)! - t.filing!.sentAt);
    const published = since((t) => t.publishedAt);
    const assigned = since((t) => t.assignedAt);
    const requestAssigned = since((t) => t.requestAssignedAt);
    const visible = since((t) => t.visibleAt);
    const http = filings.filter((f) => f.answeredAt !== undefined).map((f) => f.answeredAt! - f.sentAt);
    const lost = mine.length - visible.length;
    const rejected = filings.length - accepted.length;
    const p = (xs: number[], q: number) => percentile(xs, q);
    report({
      name: 'propagation',
      load: `${RATE} filings/s for ${SECONDS} s through the gateway (open loop), one enterprise in ${CITY}, ${city.liaisonIds.length} liaisons; drain up to ${DRAIN_SECONDS} s; reporting polled every ${POLL_MS} ms`,
      durationS,
      figures: [
        { figure: 'filings sent', value: filings.length, unit: '' },
        { figure: 'send rate achieved', value: filings.length / sendSeconds, unit: '/s' },
        { figure: 'filing answered p50', value: p(http, 50), unit: 'ms' },
        { figure: 'filing answered p99', value: p(http, 99), unit: 'ms' },
        { figure: 'filed -> requests.request.filed on Kafka p50', value: p(published, 50), unit: 'ms' },
        { figure: 'filed -> requests.request.filed on Kafka p99', value: p(published, 99), unit: 'ms' },
        { figure: 'filed -> assigned p50', value: p(assigned, 50), unit: 'ms' },
        { figure: 'filed -> assigned p99', value: p(assigned, 99), unit: 'ms', ...below(p(assigned, 99), ASSIGNED_P99_MS, 'ms') },
        { figure: 'filed -> requests shows it assigned p50', value: p(requestAssigned, 50), unit: 'ms' },
        { figure: 'filed -> requests shows it assigned p99', value: p(requestAssigned, 99), unit: 'ms' },
        { figure: 'filed -> visible in reporting p50', value: p(visible, 50), unit: 'ms' },
        { figure: 'filed -> visible in reporting p99', value: p(visible, 99), unit: 'ms', ...below(p(visible, 99), VISIBLE_P99_MS, 'ms') },
        { figure: 'rejected filings (not 201)', value: rejected, unit: '', target: '= 0', met: rejected === 0 },
        { figure: `not assigned ${DRAIN_SECONDS} s after the last filing`, value: mine.length - assigned.length, unit: '', target: '= 0', met: mine.length === assigned.length },
        { figure: `lost (not visible in reporting ${DRAIN_SECONDS} s after the last filing)`, value: lost, unit: '', target: '= 0', met: lost === 0 },
      ],
      notes: [`visible p99 target = issue #6's ${ASSIGNED_P99_MS} ms to assigned + issue #8's 1 s freshness`, `reporting visibility has a resolution of ${POLL_MS} ms (polling)`],
    });
  } finally {
    polling = false;
    await poller.catch(() => undefined);
    await tap.stop();
    await mongo.close();
    await stack.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
