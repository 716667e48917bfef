import type { Person } from '../domain/people';
import type { PersonRepository } from './ports';

/** Keeps the users projection: the newest version identity published wins. */
export async function projectPerson(deps: { people: PersonRepository }, p: Person): Promise<void> {
  await deps.people.upsertNewer(p);
}
