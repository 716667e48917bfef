import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/** RFC 9562 UUID version 7: time-ordered, so event ids sort by creation time. */
export function uuidv7(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The one event envelope (CloudEvents-shaped) every topic carries. */
export const envelopeSchema = z.object({
  specversion: z.literal('1.0').default('1.0'),
  id: z.string().uuid(),
  type: z.string().regex(/^[a-z]+(\.[a-z-]+)+$/, 'must look like context.aggregate.event'),
  source: z.string().min(1),
  time: z.string().datetime({ offset: true }),
  subject: z.string().min(1),
  dataversion: z.string().min(1),
  correlationid: z.string().min(1),
  /**
   * CloudEvents extension attributes naming who made the change: optional, so events from
   * producers that do not send them stay valid. System work is `actorid: 'system'`,
   * `actorrole: 'service'`.
   */
  actorid: z.string().min(1).optional(),
  actorrole: z.string().min(1).optional(),
  actorname: z.string().min(1).optional(),
  data: z.unknown(),
});

export type EventEnvelope<T = unknown> = Omit<z.infer<typeof envelopeSchema>, 'data'> & { data: T };

/** Who made a change; carried as the envelope's actor extension attributes. */
export interface EventActor {
  id: string;
  role: string;
  name?: string | null;
}

/** The actor for work no person asked for (timers, relays, projections). */
export const SYSTEM_ACTOR: EventActor = { id: 'system', role: 'service' };

/** The envelope attributes for an actor; none when there is no actor. */
export function actorAttributes(actor: EventActor | undefined): Pick<EventEnvelope, 'actorid' | 'actorrole' | 'actorname'> {
  if (!actor) return {};
  return { actorid: actor.id, actorrole: actor.role, ...(actor.name ? { actorname: actor.name } : {}) };
}

/** The actor an envelope names, if any. */
export function actorOf(e: Pick<EventEnvelope, 'actorid' | 'actorrole' | 'actorname'>): EventActor | null {
  if (!e.actorid) return null;
  return { id: e.actorid, role: e.actorrole ?? 'unknown', ...(e.actorname ? { name: e.actorname } : {}) };
}

export interface NewEvent<T> {
  type: string;
  subject: string;
  data: T;
  source: string;
  correlationId?: string;
  dataversion?: string;
  time?: Date;
  actor?: EventActor;
}

export function createEvent<T>(e: NewEvent<T>): EventEnvelope<T> {
  const id = uuidv7();
  return {
    specversion: '1.0',
    id,
    type: e.type,
    source: e.source,
    time: (e.time ?? new Date()).toISOString(),
    subject: e.subject,
    dataversion: e.dataversion ?? '1',
    correlationid: e.correlationId ?? id,
    ...actorAttributes(e.actor),
    data: e.data,
  };
}
