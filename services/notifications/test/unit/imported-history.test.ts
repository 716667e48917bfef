import { requestFiled, requestImported } from '@metrodesk/contracts';
import { requestsHandlers } from '../../src/events/requests.consumer';

// Nobody is told about a past request brought in by an import: the consumer has no handler
// for its event, and the platform skips (never dead-letters) a type without one.
it('tells nobody about an imported past request', () => {
  const types = Object.keys(requestsHandlers({} as never));
  expect(types).toContain(requestFiled.type);
  expect(types).not.toContain(requestImported.type);
});
