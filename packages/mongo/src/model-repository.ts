import type { Model } from 'mongoose';

/** A repository over one model; `init` builds the model's indexes before the service takes traffic. */
export class ModelRepository<D> {
  constructor(protected readonly model: Model<D>) {}

  async init(): Promise<void> {
    await this.model.init();
  }
}
