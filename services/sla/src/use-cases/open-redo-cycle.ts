import { clockId } from '../domain/clock';
import type { SlaDeps } from './ports';
import { startClocks, type StartClocksInput } from './start-clocks';

/**
 * An unsatisfied return visit sends the request back for redo: a new resolution clock for
 * the new cycle; past cycles stay as they were. The event's `cycle` is the new cycle; if a
 * producer sends the cycle just finished instead, the next one is opened all the same.
 */
export async function openRedoCycle(deps: SlaDeps, input: StartClocksInput): Promise<void> {
  const named = await deps.clocks.findById(clockId(input.requestId, input.cycle, 'resolution'));
  const cycle = named && named.stoppedAt && named.lastEventVersion < input.version ? input.cycle + 1 : input.cycle;
  await startClocks(deps, { ...input, cycle }, ['resolution']);
}
