import type { Logger } from '@metrodesk/logger';

/**
 * Recomputes days as soon as a writer asks: a write kicks the loop, and the loop drains
 * everything asked for meanwhile in its next pass, so a burst of events (a replayed backlog)
 * folds into one recompute per day while a single event is visible at once. No timer
 * sweeps: the only wait is a back-off after a failed pass.
 */
export class RollupWorker {
  private running = false;
  private loop: Promise<void> | undefined;
  private again = false;
  passes = 0;

  constructor(
    private readonly rollupOnce: () => Promise<number>,
    private readonly logger: Logger,
    private readonly retryMs = 500,
  ) {}

  start(): void {
    this.running = true;
    this.kick();
  }

  /** A day waits: run now, or once more right after the pass in flight. */
  kick(): void {
    if (!this.running) return;
    this.again = true;
    this.loop ??= this.run();
  }

  private async run(): Promise<void> {
    while (this.running && this.again) {
      this.again = false;
      try {
        while (this.running && (await this.rollupOnce()) > 0) this.passes += 1;
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, 'rollup pass failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, this.retryMs));
        this.again = true;
      }
    }
    // Cleared in the same step as the last check, so a kick can never fall in between.
    this.loop = undefined;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}
