import { z } from 'zod';
import { createEvent, envelopeSchema, uuidv7, defineEvent, eventFor, outboxPush, setWithEvents, actorOf, SYSTEM_ACTOR } from '../src';

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

  it('puts a state change and its events into one update, and leaves the outbox alone without events', () => {
    const def = defineEvent('a.thing.done', 'a.thing.v1', z.object({ n: z.number() }));
    const entry = eventFor(def, { subject: 's1', data: { n: 1 }, source: 'a' });
    expect(setWithEvents({ name: 'x' }, [entry])).toEqual({ $set: { name: 'x', outboxPending: true }, $push: { outbox: { $each: [entry] } } });
    expect(setWithEvents({ name: 'x' }, [])).toEqual({ $set: { name: 'x' } });
  });
});

describe('actor attributes', () => {
  const def = defineEvent('a.thing.done', 'a.thing.v1', z.object({ n: z.number() }));

  it('carries the actor as lower-case extension attributes that survive parsing', () => {
    const { event } = eventFor(def, { subject: 's1', data: { n: 1 }, source: 'a', actor: { id: 'u-7', role: 'liaison', name: '王芳' } });
    const parsed = envelopeSchema.parse(JSON.parse(JSON.stringify(event)));
    expect(parsed).toMatchObject({ actorid: 'u-7', actorrole: 'liaison', actorname: '王芳' });
    expect(actorOf(parsed)).toEqual({ id: 'u-7', role: 'liaison', name: '王芳' });
  });

  it('leaves the name out when there is none and marks system work', () => {
    const { event } = eventFor(def, { subject: 's1', data: { n: 1 }, source: 'a', actor: SYSTEM_ACTOR });
    expect(event.actorid).toBe('system');
    expect(event.actorrole).toBe('service');
    expect('actorname' in event).toBe(false);
  });

  it('keeps events without an actor valid', () => {
    const { event } = eventFor(def, { subject: 's1', data: { n: 1 }, source: 'a' });
    expect('actorid' in event).toBe(false);
    expect(actorOf(envelopeSchema.parse(event))).toBeNull();
    expect(() => envelopeSchema.parse({ ...event, actorid: '' })).toThrow();
  });
});
