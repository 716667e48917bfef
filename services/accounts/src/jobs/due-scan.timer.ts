import type { Logger } from '@metrodesk/logger';
import { bureauDay } from '../domain/outreach';
import type { AccountsDeps } from '../use-cases/ports';
import { scanDueInstruments } from '../use-cases/scan-due-instruments';

/**
 * Runs the falling-due scan once a bureau day. It looks every `intervalMs` whether today's scan
 * went through; until one did (a crash, a database outage), it tries again at the next look.
 * Accounts has no Redis, so this is a plain timer: the scan itself is idempotent per day, so
 * two instances looking at once store each enterprise's run once.
 */
export class DueScanTimer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly deps: AccountsDeps,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One look: scans unless today's scan is done (or one is under way here). */
  tick(): Promise<void> {
    this.running ??= this.look().finally(() => (this.running = undefined));
    return this.running;
  }

  private async look(): Promise<void> {
    try {
      const today = bureauDay(this.deps.now?.() ?? new Date());
      if (await this.deps.dueRuns.scanCompleted(today)) return;
      const result = await scanDueInstruments(this.deps);
      this.logger.info({ job: 'instrument-due-scan', ...result }, 'instrument due scan done');
    } catch (err) {
      this.logger.error({ err, job: 'instrument-due-scan' }, 'instrument due scan failed; trying again at the next look');
    }
  }
}
