import type { Connection, Schema } from 'mongoose';
import { upsertNewer } from './index';
import { ModelRepository, modelOn } from './model-repository';

/** How a copy is stored: the aggregate's id, which the service's own type names `K`, is the `_id`. */
export type CopyDoc<T, K extends keyof T> = Omit<T, K> & { _id: string };

/**
 * A service's copy of another service's aggregates, kept from their events: one document per
 * aggregate, replaced only by a newer version, so an event that comes again or late never rolls
 * the copy back. Subclasses add the look-ups their use cases need.
 */
export class EventCopies<T extends { version: number }, K extends keyof T & string> extends ModelRepository<CopyDoc<T, K>> {
  constructor(
    conn: Connection,
    modelName: string,
    schema: Schema<CopyDoc<T, K>>,
    private readonly key: K,
  ) {
    super(modelOn(conn, modelName, schema));
  }

  /** Stores `copy` unless the same or a newer version is there; true when it stored it. */
  upsertNewer(copy: T): Promise<boolean> {
    const { [this.key]: id, ...fields } = copy;
    return upsertNewer(this.model, String(id), fields as unknown as { version: number });
  }

  protected async byId(id: string): Promise<T | null> {
    const doc = await this.model.findById(id).lean<CopyDoc<T, K>>().exec();
    return doc ? this.fromDoc(doc) : null;
  }

  protected fromDoc({ _id, ...rest }: CopyDoc<T, K>): T {
    return { ...rest, [this.key]: _id } as unknown as T;
  }
}
