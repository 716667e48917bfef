import type { EventDef } from './common';
import { accountsEvents } from './accounts';
import { requestsEvents } from './requests';
import { assignmentEvents } from './assignment';
import { slaEvents } from './sla';
import { trainingEvents } from './training';
import { qualificationEvents } from './qualifications';
import { identityEvents } from './identity';
import { programmesEvents } from './programmes';
import type { TopicSpec as ModelTopicSpec } from '@metrodesk/events/model';
import { instrumentEvents } from './instruments';
import topicsJson from './topics.json';

export * from './common';
export * from './accounts';
export * from './requests';
export * from './assignment';
export * from './sla';
export * from './training';
export * from './qualifications';
export * from './identity';
export * from './programmes';
export * from './instruments';

/** A topic as contracts declare it: the events model's topic, and the service that owns it. */
export interface TopicSpec extends ModelTopicSpec {
  owner: string;
}

export const topics: TopicSpec[] = topicsJson.topics;

/** Every event type Metrodesk publishes, by type. */
export const eventCatalog: Record<string, EventDef> = Object.fromEntries(
  [...accountsEvents, ...requestsEvents, ...assignmentEvents, ...slaEvents, ...trainingEvents, ...qualificationEvents, ...identityEvents, ...programmesEvents, ...instrumentEvents].map((d) => [d.type, d]),
);

for (const d of Object.values(eventCatalog)) {
  if (!topics.some((t) => t.name === d.topic)) throw new Error(`event ${d.type} names unknown topic ${d.topic}`);
}
