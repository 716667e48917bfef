import { digestSubject, emailOf, periodDigestSubject } from '../domain/messages';
import { windowStart } from '../domain/schedule';
import type { DeliveryRepository, EmailDelivery, PersonRepository } from './ports';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per delivery, so a resend after a crash is recognisable as the same message. */
  messageId: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** A rejection the SMTP server gives for good (5xx): retrying cannot help. */
export class PermanentMailError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentMailError';
  }
}

export interface RateLimiter {
  /** Counts one email to this person in the window and returns how many there are now. */
  take(userId: string, window: number): Promise<number>;
}

export interface DigestQueue {
  /** Queues the digest `key` to go out at `at`; a second call for one key changes nothing. */
  enqueueDigest(key: string, at: Date): Promise<void>;
}

export interface SendDeps {
  deliveries: DeliveryRepository;
  mailer: Mailer;
  limiter: RateLimiter;
  digests: DigestQueue;
  consoleUrl: string;
  perMinute: number;
  /** Where a daily or weekly digest finds the person's address as of its sending. */
  people?: Pick<PersonRepository, 'get'>;
  now?: () => Date;
}

const MINUTE = 60_000;
const messageId = (key: string) => `<${key.replace(/[^A-Za-z0-9.-]/g, '.')}@metrodesk.notifications>`;

/**
 * Sends one delivery, unless it went out already. Past the per-person limit in this minute
 * it is folded into one digest sent at the start of the next minute.
 */
export async function sendEmail(deps: SendDeps, deliveryId: string): Promise<'sent' | 'folded' | 'skipped'> {
  const d = await deps.deliveries.get(deliveryId);
  if (!d || d.status !== 'pending') return 'skipped';
  const now = deps.now?.() ?? new Date();
  const window = windowStart(now, MINUTE);
  if (!d.urgent && (await deps.limiter.take(d.userId, window)) > deps.perMinute) {
    const next = window + MINUTE;
    const key = `${d.userId}|${next}`;
    await deps.deliveries.fold(d.id, key);
    await deps.digests.enqueueDigest(key, new Date(next));
    return 'folded';
  }
  await deliver(deps, d, [d], messageId(d.id));
  return 'sent';
}

/** Sends the digest of everything folded under `key` as one message. */
export async function sendDigest(deps: SendDeps, key: string): Promise<number> {
  const folded = await deps.deliveries.folded(key);
  const first = folded[0];
  if (!first) return 0;
  const subject = first.digestPeriod ? periodDigestSubject(first.digestPeriod, folded.length, first.language) : folded.length > 1 ? digestSubject(folded.length, first.language) : undefined;
  // A daily or weekly digest waits for days: it goes where the person reads mail now.
  const current = first.digestPeriod ? (await deps.people?.get(first.userId))?.email : null;
  await deliver(deps, current ? { ...first, email: current } : first, folded, messageId(`digest.${key}`), subject);
  return folded.length;
}

/**
 * Queues every daily and weekly digest due by `dueBy` to go out now. Run on a schedule;
 * running it again (or on several processes) queues the same job ids, and a digest already
 * sent holds nothing more to send, so each goes out once.
 */
export async function queueDueDigests(deps: Pick<SendDeps, 'deliveries' | 'digests' | 'now'>, dueBy: Date): Promise<number> {
  const keys = await deps.deliveries.dueDigests(dueBy);
  const now = deps.now?.() ?? new Date();
  for (const key of keys) await deps.digests.enqueueDigest(key, now);
  return keys.length;
}

async function deliver(deps: SendDeps, to: EmailDelivery, items: EmailDelivery[], id: string, subject?: string): Promise<void> {
  const mail = emailOf(items.map((i) => i.message), to.language, deps.consoleUrl, subject);
  try {
    await deps.mailer.send({ to: to.email, ...mail, messageId: id });
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    if (err instanceof PermanentMailError) {
      for (const i of items) await deps.deliveries.markFailed(i.id, text);
      return;
    }
    await deps.deliveries.noteError(to.id, text);
    throw err;
  }
  await deps.deliveries.markSent(items.map((i) => i.id), deps.now?.() ?? new Date());
}
