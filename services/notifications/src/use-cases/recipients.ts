import type { Audience } from '../domain/kinds';
import { mayBeTold, type Person, type RequestFacts } from '../domain/people';
import type { PersonRepository } from './ports';

async function candidates(people: PersonRepository, a: Audience, facts: RequestFacts): Promise<Person[]> {
  switch (a.to) {
    case 'enterprise':
      return facts.enterpriseId ? people.ofEnterprise(facts.enterpriseId) : [];
    case 'assignee': {
      const p = facts.assigneeId ? await people.get(facts.assigneeId) : null;
      return p ? [p] : [];
    }
    case 'city_managers':
      return people.withRole('city_manager', facts.cityCode);
    case 'province_managers':
      return people.withRole('province_manager');
    case 'users':
      return (await Promise.all(a.userIds.map((id) => people.get(id)))).filter((p): p is Person => p !== null);
  }
}

/** The people the audiences name who may also see the request; each once. */
export async function recipients(people: PersonRepository, audiences: Audience[], facts: RequestFacts): Promise<Person[]> {
  const out = new Map<string, Person>();
  for (const a of audiences) for (const p of await candidates(people, a, facts)) if (mayBeTold(p, facts)) out.set(p.userId, p);
  return [...out.values()];
}
