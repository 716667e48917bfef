import { requestFiled, requestImported } from '@metrodesk/contracts';
import { requestsHandlers } from '../../src/events/requests.consumer';

// Past requests brought in by an import are never routed: the consumer has no handler for
// their event, and the platform skips (never dead-letters) a type without one.
it('routes no imported past request', () => {
  const types = requestsHandlers({} as never).handlers.map(([type]) => type);
  expect(types).toContain(requestFiled.type);
  expect(types).not.toContain(requestImported.type);
});
