import { actorFor, type Identity } from '@metrodesk/access';
import { ConflictError, ForbiddenError, VersionConflictError } from '@metrodesk/errors';
import { uuidv7, type OutboxEntry } from '@metrodesk/events/model';
import { currentContext } from '@metrodesk/logger';
import { decide } from '../domain/decide';
import { isTerminal } from '../domain/lifecycle';
import type { Comment, HistoryEntry, ServiceRequest } from '../domain/request';
import type { RequestsDeps } from './ports';
import { decisionEvents } from './request-events';
import { getRequest } from './get-request';

/**
 * Retries a read-decide-write when a concurrent change moved the version: appending a
 * comment or a file never conflicts with anything from the user's point of view.
 */
export async function withRetry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof VersionConflictError) || i >= attempts) throw err;
    }
  }
}

/**
 * Adds a comment. The assignee's first public reply on an assigned request is its first
 * response: it moves the request to responded in the same write.
 */
export async function addComment(deps: RequestsDeps, who: Identity, id: string, input: { body: string; visibility: 'public' | 'internal' }): Promise<{ comment: Comment; request: ServiceRequest }> {
  if (who.role === 'enterprise' && input.visibility === 'internal') throw new ForbiddenError('Enterprises can only write public comments.');
  return withRetry(async () => {
    const r = await getRequest(deps, who, id);
    if (isTerminal(r.state)) throw new ConflictError('request_finished', `The request is ${r.state}; it takes no more comments.`, { state: r.state });
    const at = deps.now?.() ?? new Date();
    const comment: Comment = { id: uuidv7(at.getTime()), at, by: who.userId, byRole: who.role, byName: who.name ?? null, visibility: input.visibility, body: input.body };
    const history: HistoryEntry[] = [{ at, by: who.userId, byRole: who.role, byName: who.name ?? null, action: 'comment', from: r.state, to: r.state, note: input.visibility }];
    let next: ServiceRequest = { ...r, updatedAt: at, version: r.version + 1 };
    let events: OutboxEntry[] = [];
    if (r.state === 'assigned' && input.visibility === 'public' && r.assigneeId === who.userId) {
      const d = decide(r, { action: 'respond', note: 'first public reply' }, who, at);
      next = { ...d.next, version: r.version + 1 };
      history.push(d.history);
      events = decisionEvents(next, d, 'respond', who.userId, at, currentContext().correlationId, actorFor(who));
    }
    const saved = await deps.requests.save(next, r.version, { comments: [comment], history }, events);
    return { comment, request: saved };
  });
}
