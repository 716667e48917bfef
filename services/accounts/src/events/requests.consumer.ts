import { handlerMap, on } from '@metrodesk/events';
import { requestInstrumentResults } from '@metrodesk/contracts';
import type { Logger } from '@metrodesk/logger';
import type { AccountsDeps } from '../use-cases/ports';
import { recordInstrumentResults } from '../use-cases/record-instrument-results';

/** Requests' findings about registered instruments; every other request event is not the registry's business. */
export function requestsHandlers(deps: Pick<AccountsDeps, 'instruments' | 'now'>, logger: Logger) {
  return handlerMap(
    on(requestInstrumentResults, async (e) => {
      const d = e.data;
      const done = await recordInstrumentResults(deps, { requestId: d.requestId, requestNumber: d.number ?? null, enterpriseId: d.enterpriseId, results: d.results });
      if (done.unknown.length > 0) logger.warn({ requestId: d.requestId, instrumentIds: done.unknown }, 'request reported instruments the registry does not hold for its enterprise');
    }),
  );
}
