import type { Identity } from '@metrodesk/access';
import { eventFor, uuidv7 } from '@metrodesk/events/model';
import { outreachLogged, outreachProblemFound } from '@metrodesk/contracts';
import { ConflictError, ForbiddenError, ValidationError } from '@metrodesk/errors';
import { bureauDay, validateCampaignVisit, validateOutreachDates, type Outreach, type OutreachKind, type ProblemFound } from '../domain/outreach';
import type { AccountsDeps } from './ports';
import { requireBureau } from './access';
import { getEnterprise } from './get-enterprise';

export interface LogOutreachInput {
  date: string;
  kind: OutreachKind;
  /** Defaults to the caller; only managers may log on a liaison's behalf. */
  liaisonId?: string;
  campaign?: string;
  /** A programmes campaign the visit was made under; its name replaces `campaign`. */
  campaignId?: string;
  notes?: string;
  problems?: Omit<ProblemFound, 'id'>[];
  followUpOn?: string;
}

/**
 * Records a visit or service. Each problem found goes out as its own event, which the
 * requests service turns into a service request; all in the same write as the visit.
 */
export async function logOutreach(deps: AccountsDeps, who: Identity, enterpriseId: string, input: LogOutreachInput): Promise<Outreach> {
  requireBureau(who);
  const enterprise = await getEnterprise(deps, who, enterpriseId);
  if (enterprise.status === 'closed') throw new ConflictError('enterprise_closed', `The enterprise ${enterpriseId} is closed; reopen it before logging outreach.`);
  const liaisonId = input.liaisonId ?? who.userId;
  if (who.role === 'liaison' && liaisonId !== who.userId) throw new ForbiddenError('A liaison logs only their own outreach.');
  const now = deps.now?.() ?? new Date();
  validateOutreachDates(input, bureauDay(now));
  const campaign = input.campaignId ? await deps.campaigns.findById(input.campaignId) : null;
  if (input.campaignId && !campaign) throw new ValidationError([{ path: 'campaignId', message: 'no such campaign' }]);
  if (campaign) validateCampaignVisit(campaign, { date: input.date, cityCode: enterprise.cityCode });
  const outreach: Outreach = {
    id: uuidv7(now.getTime()),
    enterpriseId,
    cityCode: enterprise.cityCode,
    liaisonId,
    date: input.date,
    kind: input.kind,
    campaign: campaign?.name ?? (input.campaign?.trim() || null),
    campaignId: campaign?.id ?? null,
    notes: input.notes ?? null,
    problems: (input.problems ?? []).map((p) => ({ ...p, id: uuidv7(now.getTime()) })),
    followUpOn: input.followUpOn ?? null,
    followUpDoneAt: null,
    createdAt: now,
  };
  const common = { subject: outreach.id, source: 'accounts', time: now };
  const ref = { outreachId: outreach.id, enterpriseId, cityCode: outreach.cityCode, liaisonId };
  const events = [
    eventFor(outreachLogged, { ...common, data: { ...ref, date: outreach.date, kind: outreach.kind, campaign: outreach.campaign, campaignId: outreach.campaignId, programme: campaign?.programme ?? null, problemCount: outreach.problems.length, loggedAt: now.toISOString() } }),
    ...outreach.problems.map((p) => eventFor(outreachProblemFound, { ...common, data: { ...ref, problemId: p.id, category: p.category, title: p.title, description: p.description } })),
  ];
  await deps.outreach.insert(outreach, events);
  deps.notify();
  return outreach;
}
