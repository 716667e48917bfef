import { isProvinceWide, requireRole, type Identity } from '@metrodesk/access';
import { ForbiddenError } from '@metrodesk/errors';
import { trainedReport as build, type GroupBy, type TrainedRow } from '../domain/report';
import { ORGANISER_ROLES } from '../domain/visibility';
import type { EnrolmentFilter, TrainingDeps } from './ports';

export async function trainedReport(deps: TrainingDeps, who: Identity, groupBy: GroupBy, filter: EnrolmentFilter): Promise<{ groupBy: GroupBy; rows: TrainedRow[]; total: TrainedRow }> {
  requireRole(who, ...ORGANISER_ROLES);
  if (!isProvinceWide(who) && filter.cityCode && filter.cityCode !== who.cityCode) throw new ForbiddenError(`You can report only on your own city (${who.cityCode}).`);
  const scoped = isProvinceWide(who) ? filter : { ...filter, cityCode: who.cityCode };
  return { groupBy, ...build(await deps.enrolments.trainedFacts(scoped), groupBy) };
}
