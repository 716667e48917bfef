import { handlerMap, on } from '@metrodesk/events';
import { clockStarted, clockWarning, clockBreached, clockMet, clockPaused, clockResumed, SLA_TOPIC } from '@metrodesk/contracts';
import type { ClockEvent, ClockKind } from '../domain/sla';
import { closeUnanswered } from '../use-cases/apply-system-action';
import type { Logger } from '@metrodesk/logger';
import type { RequestsDeps } from '../use-cases/ports';
import { applySlaSignal } from '../use-cases/apply-sla';
import { skipUnknown } from './skip-unknown';

export const SLA_TOPICS = [SLA_TOPIC];

export function slaHandlers(deps: RequestsDeps, logger?: Logger) {
  // The return-visit clock is not part of the queue's SLA view; only its breach matters here.
  const apply = (d: { requestId: string; cycle: number; clock: ClockKind | 'return_visit'; at: string }, event: ClockEvent) =>
    d.clock === 'return_visit' ? Promise.resolve() : skipUnknown(logger, `sla.${event.kind}`, () => applySlaSignal(deps, d.requestId, { cycle: d.cycle, clock: d.clock as ClockKind, at: new Date(d.at), event }));
  return handlerMap(
    on(clockStarted, (e) => apply(e.data, { kind: 'started', deadline: new Date(e.data.deadline) })),
    on(clockResumed, (e) => apply(e.data, { kind: 'resumed', deadline: new Date(e.data.deadline) })),
    on(clockWarning, (e) => apply(e.data, { kind: 'warning', deadline: new Date(e.data.deadline), threshold: e.data.threshold })),
    on(clockBreached, (e) =>
      e.data.clock === 'return_visit'
        ? skipUnknown(logger, e.type, () => closeUnanswered(deps, e.data.requestId, e.data.cycle, new Date(e.data.at)))
        : apply(e.data, { kind: 'breached', deadline: new Date(e.data.deadline) }),
    ),
    on(clockMet, (e) => apply(e.data, { kind: 'met', deadline: new Date(e.data.deadline), withinTarget: e.data.withinTarget })),
    on(clockPaused, (e) => apply(e.data, { kind: 'paused' })),
  );
}
