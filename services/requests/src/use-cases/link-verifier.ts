import { canSee, requireRole, type Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import { isVerifierFile, localDate } from '../domain/qualification';
import type { RequestsDeps, VerifierLink } from './ports';
import { verifierView, type VerifierView } from './list-verifiers';

/**
 * Links a verifier to the user account a manager picked (a liaison may also be a verifier),
 * or removes the link. A city manager links verifiers of their own city.
 */
export async function linkVerifier(deps: RequestsDeps, who: Identity, personKey: string, link: VerifierLink | null): Promise<VerifierView> {
  requireRole(who, 'city_manager', 'province_manager', 'admin');
  const files = ((await deps.qualifications.byPersons([personKey])).get(personKey) ?? []).filter(isVerifierFile);
  if (files.length === 0 || !files.some((f) => canSee(who, { cityCode: f.cityCode ?? '' }))) throw new NotFoundError('verifier', personKey);
  const at = deps.now?.() ?? new Date();
  await deps.qualifications.setLink(personKey, link, who.userId, at);
  return verifierView(files, link ?? undefined, [], localDate(at));
}
