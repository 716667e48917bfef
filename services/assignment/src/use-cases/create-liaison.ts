import { canSee, requireRole, type Identity } from '@metrodesk/access';
import { ConflictError, ForbiddenError, ValidationError } from '@metrodesk/errors';
import type { Category, Liaison } from '../domain/roster';
import type { AssignmentDeps } from './ports';

export interface CreateLiaisonInput {
  userId: string;
  name: string;
  cityCode: string;
  categories: Category[];
  capacity: number;
  active?: boolean;
}

/**
 * Puts a person on a city's roster ahead of (or without) the identity event; the identity
 * events later keep the name and account state current.
 */
export async function createLiaison(deps: AssignmentDeps, who: Identity, input: CreateLiaisonInput): Promise<Liaison> {
  requireRole(who, 'city_manager', 'province_manager', 'admin');
  const { cities, province } = deps.bureaus();
  if (input.cityCode !== province.code && !cities.some((c) => c.code === input.cityCode)) throw new ValidationError([{ path: 'cityCode', message: `unknown bureau ${input.cityCode}` }]);
  if (!canSee(who, { cityCode: input.cityCode })) throw new ForbiddenError(`You can manage the roster of your own city (${who.cityCode}) only.`);
  if (await deps.liaisons.findById(input.userId)) throw new ConflictError('liaison_exists', `${input.userId} is already on the roster.`, { userId: input.userId });
  const now = deps.now?.() ?? new Date();
  const liaison: Liaison = {
    userId: input.userId,
    name: input.name,
    cityCode: input.cityCode,
    categories: [...new Set(input.categories)],
    capacity: input.capacity,
    active: input.active ?? true,
    accountActive: true,
    leaves: [],
    lastAssignedAt: null,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  await deps.liaisons.insert(liaison);
  deps.rosterCache?.invalidate(liaison.cityCode);
  return liaison;
}
