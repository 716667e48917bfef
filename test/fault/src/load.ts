import { sleep } from './infra';
import type { Enterprise } from './seed';
import type { FaultStack } from './stack';

export interface Failure {
  /** HTTP status, or 0 when the connection failed (service down). */
  status: number;
  problemJson: boolean;
  at: number;
}

export interface Filing {
  key: string;
  userId: string;
  enterprise: Enterprise;
  /** accepted: a 201 came back; abandoned: the client gave up after a failure (on purpose or at the deadline). */
  outcome: 'pending' | 'accepted' | 'abandoned' | 'refused';
  requestId?: string;
  acceptedAt?: number;
  attempts: number;
  failures: Failure[];
}

export interface LoadOptions {
  scenario: string;
  count: number;
  ratePerSec: number;
  enterprises: Enterprise[];
  /** Give up on this filing after its first failure instead of retrying (database scenario). */
  abandonOnFailure?: (index: number) => boolean;
  /** How long a client keeps retrying one filing. */
  retryForMs?: number;
  /** The filings' priority (the SLA policy they fall under); normal by default. */
  priority?: 'normal' | 'urgent';
  /** Where attempt n of a filing goes (a replica's base URL); the requests service by default. */
  via?: (attempt: number) => `http://${string}`;
}

/**
 * A bounded load of filings through the requests API, as a careful client makes them: each
 * filing has its own Idempotency-Key and is retried with that same key (backing off) after a
 * connection error or a 5xx, so a retry after a lost response can never make a second request.
 */
export class Load {
  readonly filings: Filing[] = [];
  sent = 0;
  readonly startedAt = Date.now();
  finishedAt = 0;
  readonly done: Promise<void>;
  private stopped = false;

  constructor(
    private readonly stack: FaultStack,
    private readonly opts: LoadOptions,
  ) {
    this.done = this.run();
  }

  private async run(): Promise<void> {
    const runId = Date.now().toString(36);
    const inflight: Promise<void>[] = [];
    const interval = 1000 / this.opts.ratePerSec;
    for (let i = 0; i < this.opts.count && !this.stopped; i++) {
      const enterprise = this.opts.enterprises[i % this.opts.enterprises.length]!;
      const filing: Filing = { key: `fault-${this.opts.scenario}-${runId}-${i}`, userId: `fault-ent-${enterprise.id}`, enterprise, outcome: 'pending', attempts: 0, failures: [] };
      this.filings.push(filing);
      inflight.push(this.file(filing, this.opts.abandonOnFailure?.(i) ?? false));
      this.sent += 1;
      const next = this.startedAt + (i + 1) * interval;
      await sleep(Math.max(0, next - Date.now()));
    }
    await Promise.all(inflight);
    this.finishedAt = Date.now();
  }

  /** Sends no more filings (those in flight still finish); `done` resolves after them. */
  stop(): Promise<void> {
    this.stopped = true;
    return this.done;
  }

  /** Resolves once this many filings have been sent. */
  async sentAtLeast(n: number): Promise<void> {
    while (this.sent < n) await sleep(50);
  }

  /** Resolves once this share (0..1) of the filings has been sent. */
  async reached(fraction: number): Promise<void> {
    while (this.sent < Math.ceil(this.opts.count * fraction)) await sleep(50);
  }

  private async file(f: Filing, abandon: boolean): Promise<void> {
    const identity = { userId: f.userId, role: 'enterprise' as const, enterpriseId: f.enterprise.id };
    const body = { category: 'other', title: `故障测试 ${f.key}`, description: `Fault suite filing ${f.key}.`, priority: this.opts.priority ?? 'normal' };
    const deadline = Date.now() + (this.opts.retryForMs ?? 240_000);
    for (;;) {
      f.attempts += 1;
      try {
        const r = await this.stack.call<{ id: string }>(this.opts.via?.(f.attempts) ?? 'requests', 'POST', '/requests', body, identity, { 'idempotency-key': f.key }, 20_000);
        if (r.status === 201) {
          f.outcome = 'accepted';
          f.requestId = r.body.id;
          f.acceptedAt = Date.now();
          return;
        }
        f.failures.push({ status: r.status, problemJson: r.contentType.startsWith('application/problem+json'), at: Date.now() });
        if (r.status < 500) {
          f.outcome = 'refused';
          return;
        }
      } catch {
        f.failures.push({ status: 0, problemJson: false, at: Date.now() });
      }
      if (abandon || Date.now() > deadline) {
        f.outcome = 'abandoned';
        return;
      }
      // Exponential backoff with jitter: hundreds of clients retrying every second would
      // bury a service that is just starting again.
      await sleep(Math.min(8000, 500 * 2 ** Math.min(f.attempts - 1, 4)) * (0.5 + Math.random()));
    }
  }
}
