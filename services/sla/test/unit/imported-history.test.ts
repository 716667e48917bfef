import { requestFiled, requestImported } from '@metrodesk/contracts';
import { requestsHandlers } from '../../src/events/requests.consumer';

// Past requests brought in by an import are over: no clock may start or run for them. The
// consumer has no handler for their event, and the platform skips (never dead-letters) a type
// without one.
it('starts no clock for an imported past request', () => {
  const types = Object.keys(requestsHandlers({} as never));
  expect(types).toContain(requestFiled.type);
  expect(types).not.toContain(requestImported.type);
});
