import type { OutboxEntry } from '@metrodesk/events';
import type { Enterprise, RegionData } from '../domain/enterprise';

/** What the use cases need from the outside; persistence implements it. */
export interface EnterpriseRepository {
  /** Stores a new enterprise and its events in one atomic write; a taken USCC is a conflict. */
  insert(e: Enterprise, events: OutboxEntry[]): Promise<void>;
  findById(id: string): Promise<Enterprise | null>;
  findByUscc(uscc: string): Promise<Enterprise | null>;
}

export interface AccountsDeps {
  enterprises: EnterpriseRepository;
  regions: () => RegionData;
  /** Wakes the outbox relay after a write. */
  notify: () => void;
  now?: () => Date;
}
