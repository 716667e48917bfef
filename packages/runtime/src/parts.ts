import type { Logger } from '@metrodesk/logger';

/**
 * A piece of a service's background work the runtime starts and stops: a BullMQ worker, a
 * scheduler, a timer, a live feed, a Redis connection. `stop` must be safe to call when
 * `start` never ran or failed: a connection opened while wiring is closed all the same.
 */
export interface Part {
  /** Names the part in logs and, with `ready`, in /readyz. */
  name: string;
  start?(): Promise<void> | void;
  stop?(): Promise<void> | void;
  /** A readiness check for /readyz (e.g. a Redis ping). */
  ready?(): Promise<boolean>;
}

/**
 * Parts in the order they were declared: started one after the other, stopped in reverse, so
 * what a part uses (a connection declared before it) is still open while it stops. When one
 * part fails to start, the ones already started are stopped again before the error goes on.
 */
export class Parts {
  private readonly list: Part[] = [];
  private readonly stopped = new Set<Part>();

  constructor(private readonly logger: Logger) {}

  add<P extends Part>(part: P): P {
    if (this.list.some((p) => p.name === part.name)) throw new Error(`a part named ${part.name} is declared twice`);
    this.list.push(part);
    return part;
  }

  readiness(): Record<string, () => Promise<boolean>> {
    const checks: Record<string, () => Promise<boolean>> = {};
    for (const p of this.list) if (p.ready) checks[p.name] = () => p.ready!();
    return checks;
  }

  async start(): Promise<void> {
    const started: Part[] = [];
    for (const part of this.list) {
      try {
        await part.start?.();
      } catch (err) {
        this.logger.error({ err, part: part.name }, 'part failed to start; stopping what started');
        await this.stopEach(started.reverse());
        throw err;
      }
      started.push(part);
    }
  }

  /** Stops every part not stopped yet, last declared first; a failing stop is logged and the rest go on. */
  stop(): Promise<void> {
    return this.stopEach([...this.list].reverse());
  }

  private async stopEach(parts: Part[]): Promise<void> {
    for (const part of parts) {
      if (this.stopped.has(part)) continue;
      this.stopped.add(part);
      try {
        await part.stop?.();
      } catch (err) {
        this.logger.warn({ err: (err as Error).message, part: part.name }, 'part did not stop cleanly');
      }
    }
  }
}

/** A part whose start opens something with a `close` (a BullMQ worker, a scheduler) and whose stop closes it, if it opened. */
export function closingPart(name: string, open: () => Promise<{ close(): Promise<void> }> | { close(): Promise<void> }): Part {
  let opened: { close(): Promise<void> } | undefined;
  return {
    name,
    start: async () => {
      opened = await open();
    },
    stop: async () => {
      await opened?.close();
    },
  };
}
