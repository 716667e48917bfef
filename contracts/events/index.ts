import type { EventDef } from './common';
import { accountsEvents } from './accounts';
import topicsJson from './topics.json';

export * from './common';
export * from './accounts';

export interface TopicSpec {
  name: string;
  partitions: number;
  owner: string;
}

export const topics: TopicSpec[] = topicsJson.topics;

/** Every event type Metrodesk publishes, by type. */
export const eventCatalog: Record<string, EventDef> = Object.fromEntries([...accountsEvents].map((d) => [d.type, d]));

for (const d of Object.values(eventCatalog)) {
  if (!topics.some((t) => t.name === d.topic)) throw new Error(`event ${d.type} names unknown topic ${d.topic}`);
}
