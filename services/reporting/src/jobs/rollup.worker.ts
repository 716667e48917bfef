import type { Logger } from '@metrodesk/logger';

/**
 * Recomputes dirty buckets in a loop: right away while there is work, then polls. Events
 * only mark buckets; this loop folds many events into one recompute per bucket, which keeps
 * consumption fast when a backlog is replayed and figures fresh within a poll interval.
 */
export class RollupWorker {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  passes = 0;

  constructor(
    private readonly rollupOnce: () => Promise<number>,
    private readonly logger: Logger,
    private readonly idleMs = 100,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (this.running) {
      let done = 0;
      try {
        done = await this.rollupOnce();
        this.passes += 1;
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'rollup pass failed; retrying');
        done = 0;
      }
      if (done === 0 && this.running) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          setTimeout(resolve, this.idleMs);
        });
      }
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }
}
