import type { OutboxEntry } from '@metrodesk/events/model';
import { ConflictError } from '@metrodesk/errors';
import type { Step } from '../domain/case';
import type { AssignmentDeps, CurrentCase, Notification } from './ports';

export interface Decision {
  step: Step;
  events: OutboxEntry[];
  notifications?: Notification[];
  /** Already counted in the cached loads: routing counts its choice in the same synchronous step as it makes it. */
  counted?: boolean;
}

const MAX_TRIES = 20;

/**
 * Takes the next step of a request: reads where it stands, lets `decide` choose (or return
 * null for nothing to do), and inserts the step at seq+1. When another writer took that seq
 * first, the unique index refuses this one and `decide` runs again on the new state, so each
 * request moves through one line of steps however many writers race.
 */
export async function commitStep(
  deps: AssignmentDeps,
  requestId: string,
  decide: (current: CurrentCase | null) => Promise<Decision | null>,
  opts: { likelyNew?: boolean } = {},
): Promise<Step | null> {
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    // A filing usually starts its request: try seq 1 without reading; the unique index
    // refuses it if anything came first, and the next round reads.
    const current = attempt === 0 && opts.likelyNew ? null : await deps.cases.latest(requestId);
    const decision = await decide(current);
    if (!decision) {
      // Nothing to do, e.g. a redelivered event; but a crash after the last step's insert
      // and before its projection left the read model behind, and nothing else brings it up.
      if (current) await deps.cases.catchUp(requestId, current);
      return null;
    }
    const { step } = decision;
    const prev = current?.state ?? null;
    // Counted before the write, so decisions taken while it is in flight see it; a refused
    // write is taken back out.
    if (!decision.counted) deps.rosterCache?.applied(prev, step.state, step.toAssigneeId, step.at);
    const appended = await deps.cases.appendStep(step, decision.events).catch((err: unknown) => {
      deps.rosterCache?.undo(prev, step.state);
      throw err;
    });
    if (!appended) {
      deps.rosterCache?.undo(prev, step.state);
      continue;
    }
    if (step.toAssigneeId && step.state.assigneeId === step.toAssigneeId) deps.liaisons.touchAssigned(step.toAssigneeId, step.at);
    await Promise.all([
      deps.cases.project(requestId, { seq: step.seq, state: step.state }),
      decision.notifications?.length ? deps.notifications.add(decision.notifications) : undefined,
    ]);
    return step;
  }
  throw new ConflictError('assignment_contended', `The assignment of request ${requestId} kept changing under this action; try again.`);
}
