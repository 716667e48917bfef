import type { Connection } from 'mongoose';
import { isDuplicateKey } from '@metrodesk/mongo';

const SINCE = 'notifying-since';

/**
 * When this deployment began to notify: set at its first start and kept. The consumer of the
 * request, assignment, clock, file and instrument events reads their topics from the start and
 * tells people only of events from this moment on: what happened before is history, not news.
 * (Reading from the end instead would skip events that arrive while the service is down on a
 * partition the group has never committed an offset for: Kafka has none to resume from.)
 */
export async function notifyingSince(conn: Connection, now: Date): Promise<Date> {
  const meta = conn.collection<{ _id: string; at: Date }>('notifications_meta');
  try {
    await meta.updateOne({ _id: SINCE }, { $setOnInsert: { at: now } }, { upsert: true });
  } catch (err) {
    // Another replica's first start wrote it at the same moment: theirs stands.
    if (!isDuplicateKey(err)) throw err;
  }
  const doc = await meta.findOne({ _id: SINCE });
  if (!doc) throw new Error('notifications_meta: notifying-since was not stored');
  return doc.at;
}
