import { isProvinceWide, requireRole, type Identity } from '@metrodesk/access';
import { ForbiddenError } from '@metrodesk/errors';
import { trainedReport as build, type GroupBy, type TrainedRow } from '../domain/report';
import { ORGANISER_ROLES } from '../domain/visibility';
import type { EnrolmentFilter, TrainingDeps } from './ports';

export type ReportRow = TrainedRow & { name?: string | null };

/** Whose figures the caller may see: the province all, a city its own, an enterprise its own staff. */
async function scope(deps: TrainingDeps, who: Identity, filter: EnrolmentFilter): Promise<EnrolmentFilter> {
  if (isProvinceWide(who)) return filter;
  if (who.role === 'enterprise') {
    const employer = await deps.employers.findByEnterpriseId(who.enterpriseId!);
    if (!employer) throw new ForbiddenError('Your enterprise is not known to the training service yet.');
    if (filter.employerUscc && filter.employerUscc !== employer.uscc) throw new ForbiddenError('You can report only on your own enterprise.');
    return { ...filter, employerUscc: employer.uscc };
  }
  requireRole(who, ...ORGANISER_ROLES);
  if (filter.cityCode && filter.cityCode !== who.cityCode) throw new ForbiddenError(`You can report only on your own city (${who.cityCode}).`);
  return { ...filter, cityCode: who.cityCode };
}

export async function trainedReport(deps: TrainingDeps, who: Identity, groupBy: GroupBy, filter: EnrolmentFilter): Promise<{ groupBy: GroupBy; rows: ReportRow[]; total: TrainedRow }> {
  const { rows, total } = build(await deps.enrolments.trainedFacts(await scope(deps, who, filter)), groupBy);
  if (groupBy !== 'enterprise') return { groupBy, rows, total };
  // Employer names come from the accounts projection; an enterprise not seen yet has none.
  const names = await deps.employers.namesOf(rows.map((r) => r.key));
  return { groupBy, rows: rows.map((r) => ({ ...r, name: names.get(r.key) ?? null })), total };
}
