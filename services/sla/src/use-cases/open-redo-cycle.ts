import { clockId } from '../domain/clock';
import { stop } from '../domain/transitions';
import type { SlaDeps } from './ports';
import { mutateClock } from './mutate-clock';
import { startClocks, type StartClocksInput } from './start-clocks';

/**
 * An unsatisfied return visit or an enterprise's reopen (complaint) sends the request back:
 * the new cycle gets both a response and a resolution clock, so the liaison's answer in the
 * redo is timed like the first one; past cycles stay as they were and the wait for the
 * previous cycle's return visit ends. The event's `cycle` is the new cycle; if a producer
 * sends the cycle just finished instead, the next one is opened all the same.
 */
export async function openRedoCycle(deps: SlaDeps, input: StartClocksInput): Promise<void> {
  const named = await deps.clocks.findById(clockId(input.requestId, input.cycle, 'resolution'));
  const cycle = named && named.stoppedAt && named.lastEventVersion < input.version ? input.cycle + 1 : input.cycle;
  const at = new Date(input.at);
  if (cycle > 1) await mutateClock(deps, clockId(input.requestId, cycle - 1, 'return_visit'), (c, cal) => stop(c, at, 'met', cal), { eventVersion: input.version });
  await startClocks(deps, { ...input, cycle }, ['response', 'resolution']);
}
