import { handlerMap, on, type EventEnvelope } from '@metrodesk/events';
import { userCreated, userDisabled, userUpdated } from '@metrodesk/contracts';
import type { z } from 'zod';
import type { PersonRepository } from '../use-cases/ports';
import { projectPerson } from '../use-cases/project-person';

type UserData = z.infer<typeof userCreated.data>;

/** Every identity.user.* event carries the whole user as of its version. */
export function usersHandlers(deps: { people: PersonRepository }) {
  const project = async (e: EventEnvelope<UserData>) => {
    const d = e.data;
    await projectPerson(deps, {
      userId: d.userId,
      version: d.version,
      name: d.name,
      role: d.role,
      enterpriseId: d.enterpriseId ?? null,
      cityCode: d.cityCode ?? null,
      active: d.active,
      email: d.email ?? null,
      language: d.language ?? 'zh-CN',
    });
  };
  // Version-checked upserts: a repeat changes nothing, so no processed-id bookkeeping.
  return handlerMap(on(userCreated, project, { idempotent: true }), on(userUpdated, project, { idempotent: true }), on(userDisabled, project, { idempotent: true }));
}
