import type { Logger } from '@metrodesk/logger';
import { UnknownRequestError } from '../use-cases/apply-assignment';

/** Runs a handler; an event about a request this service never stored is logged and skipped. */
export async function skipUnknown(logger: Logger | undefined, type: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (err) {
    if (!(err instanceof UnknownRequestError)) throw err;
    logger?.info({ type, err: err.message }, 'event for an unknown request skipped');
  }
}
