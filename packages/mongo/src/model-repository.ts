import type { Connection, Model, Schema } from 'mongoose';

/** The connection's model of that name, registered with `schema` on first use: a second repository on one connection (tests, several consumers) shares it. */
export function modelOn<D>(conn: Connection, name: string, schema: Schema<D>): Model<D> {
  return (conn.models[name] as Model<D> | undefined) ?? conn.model<D>(name, schema);
}

/** A repository over one model; `init` builds the model's indexes before the service takes traffic. */
export class ModelRepository<D> {
  constructor(protected readonly model: Model<D>) {}

  async init(): Promise<void> {
    await this.model.init();
  }
}
