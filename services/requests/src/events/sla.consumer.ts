import { handlerMap, on } from '@metrodesk/events';
import { clockStarted, clockWarning, clockBreached, clockMet, clockPaused, clockResumed, SLA_TOPIC } from '@metrodesk/contracts';
import type { ClockEvent } from '../domain/sla';
import type { Logger } from '@metrodesk/logger';
import type { RequestsDeps } from '../use-cases/ports';
import { applySlaSignal } from '../use-cases/apply-sla';
import { skipUnknown } from './skip-unknown';

export const SLA_TOPICS = [SLA_TOPIC];

export function slaHandlers(deps: RequestsDeps, logger?: Logger) {
  const apply = (d: { requestId: string; cycle: number; clock: 'response' | 'resolution'; at: string }, event: ClockEvent) =>
    skipUnknown(logger, `sla.${event.kind}`, () => applySlaSignal(deps, d.requestId, { cycle: d.cycle, clock: d.clock, at: new Date(d.at), event }));
  return handlerMap(
    on(clockStarted, (e) => apply(e.data, { kind: 'started', deadline: new Date(e.data.deadline) })),
    on(clockResumed, (e) => apply(e.data, { kind: 'resumed', deadline: new Date(e.data.deadline) })),
    on(clockWarning, (e) => apply(e.data, { kind: 'warning', deadline: new Date(e.data.deadline), threshold: e.data.threshold })),
    on(clockBreached, (e) => apply(e.data, { kind: 'breached', deadline: new Date(e.data.deadline) })),
    on(clockMet, (e) => apply(e.data, { kind: 'met', deadline: new Date(e.data.deadline), withinTarget: e.data.withinTarget })),
    on(clockPaused, (e) => apply(e.data, { kind: 'paused' })),
  );
}
