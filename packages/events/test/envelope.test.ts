import { z } from 'zod';
import { createEvent, envelopeSchema, uuidv7, defineEvent, eventFor, outboxPush } from '../src';

describe('envelope', () => {
  it('makes time-ordered version 7 uuids', () => {
    const a = uuidv7(1000);
    const b = uuidv7(2000);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
  });

  it('builds a valid CloudEvents-shaped envelope', () => {
    const e = createEvent({ type: 'accounts.enterprise.registered', subject: 'e1', source: 'accounts', data: { x: 1 } });
    expect(envelopeSchema.parse(e)).toBeTruthy();
    expect(e.correlationid).toBe(e.id);
    expect(createEvent({ type: 'a.b.c', subject: 's', source: 'x', data: {}, correlationId: 'c9' }).correlationid).toBe('c9');
  });

  it('validates data at write time and builds the outbox update', () => {
    const def = defineEvent('a.thing.done', 'a.thing.v1', z.object({ n: z.number() }));
    const entry = eventFor(def, { subject: 's1', data: { n: 1 }, source: 'a' });
    expect(entry.topic).toBe('a.thing.v1');
    expect(outboxPush([entry])).toEqual({ $push: { outbox: { $each: [entry] } }, $set: { outboxPending: true } });
  });
});
