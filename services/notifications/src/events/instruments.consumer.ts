import { handlerMap, on } from '@metrodesk/events';
import { instrumentsOverdueCompulsory } from '@metrodesk/contracts';
import type { NotifyDeps } from '../use-cases/ports';
import { notifyInstrumentsOverdue } from '../use-cases/instruments-overdue';

/** The registry's daily facts: a city's overdue compulsory instruments are told to its liaisons. */
export function instrumentsHandlers(deps: NotifyDeps) {
  return handlerMap(
    on(instrumentsOverdueCompulsory, async (e) => {
      await notifyInstrumentsOverdue(deps, { eventId: e.id, cityCode: e.data.cityCode, runDate: e.data.runDate, count: e.data.count, enterprises: e.data.enterprises });
    }),
  );
}
