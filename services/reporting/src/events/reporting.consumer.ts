import { handlerMap, on, selfIdempotent, type EventEnvelope } from '@metrodesk/events';
import {
  ENTERPRISE_TOPIC,
  OUTREACH_TOPIC,
  REQUEST_TOPIC,
  ASSIGNMENT_TOPIC,
  SLA_TOPIC,
  TRAINING_TOPIC,
  QUALIFICATION_TOPIC,
  CONTACT_TOPIC,
  USER_TOPIC,
  SLA_POLICY_TOPIC,
  RULES_TOPIC,
  rulesChanged,
  policySaved,
  calendarSaved,
  contactAdded,
  contactRemoved,
  contactUpdated,
  userCreated,
  userUpdated,
  userDisabled,
  enterpriseRegistered,
  enterpriseUpdated,
  enterpriseFlagged,
  enterpriseClosed,
  enterpriseReopened,
  outreachLogged,
  requestFiled,
  requestResponded,
  requestStatusChanged,
  requestPaused,
  requestResumed,
  requestResolved,
  requestReopened,
  requestClosed,
  requestWithdrawn,
  requestEscalated,
  requestExtensionRequested,
  requestExtensionDecided,
  requestImported,
  assignmentAssigned,
  assignmentEscalated,
  assignmentTransferred,
  clockBreached,
  clockMet,
  sessionCompleted,
  fileFiled,
  fileRenewed,
  fileExpiring,
  fileExpired,
  fileRevoked,
} from '@metrodesk/contracts';
import { cityOfUscc, type RequestChange, type RequestRef } from '../domain/facts';
import type { ProjectionDeps } from '../use-cases/ports';
import {
  projectAssignment,
  projectClockEvent,
  projectEnterprise,
  projectEscalation,
  projectFile,
  projectOutreach,
  projectRequestEvent,
  projectSession,
} from '../use-cases/project-event';
import { recordAudit } from '../use-cases/record-audit';

export const REPORTING_TOPICS = [ENTERPRISE_TOPIC, CONTACT_TOPIC, OUTREACH_TOPIC, REQUEST_TOPIC, ASSIGNMENT_TOPIC, RULES_TOPIC, SLA_TOPIC, SLA_POLICY_TOPIC, TRAINING_TOPIC, QUALIFICATION_TOPIC, USER_TOPIC];

type Snapshot = { enterpriseId: string; version: number; cityCode: string; flags: { contactPoint: boolean; keyEnergyUnit: boolean } };
type FileData = { fileId: string; version: number; personKey: string; employerUscc: string; cityCode?: string | null };


/**
 * The city an event counts in; enterprise snapshots have none that matters (flags only), and
 * contacts, users, SLA policies and calendars are kept for the audit trail wherever they are.
 */
function cityOf(e: EventEnvelope): string | null {
  const d = e.data as { cityCode?: string | null; employerUscc?: string };
  if (e.type.startsWith('accounts.enterprise.') || e.type.startsWith('accounts.contact.') || e.type.startsWith('identity.user.') || e.type.startsWith('sla.policy.') || e.type.startsWith('sla.calendar.')) return null;
  return d.cityCode ?? (d.employerUscc ? cityOfUscc(d.employerUscc) : '');
}

/**
 * Figures exist only for the province's cities: events elsewhere are dropped before any
 * database work, which matters when a new read model replays every topic from the start.
 */
/** `inRegion`: whether a city is one of the province's (figures exist only for those). */
export function acceptEvent(inRegion: (cityCode: string) => boolean) {
  return (e: EventEnvelope): boolean => {
    const city = cityOf(e);
    return city === null || inRegion(city);
  };
}

/**
 * Every topic into the read model; each handler's write is idempotent and order-independent
 * (the facts' reducers keep the earliest time or the highest version; audit entries are keyed
 * by event id), so the consumer keeps no processed ids for them: a repeat is applied again and
 * changes nothing (batch.int.test.ts replays every event without them; reporting.int.test.ts
 * sends duplicates and late events). Every event also goes to the audit trail, which keeps
 * those it audits.
 */
export function reportingHandlers(deps: ProjectionDeps) {
  const handlers = figureHandlers(deps);
  const auditOnly = async () => undefined;
  const all = { ...handlers, ...handlerMap(on(contactAdded, auditOnly), on(contactUpdated, auditOnly), on(contactRemoved, auditOnly), on(userCreated, auditOnly), on(userUpdated, auditOnly), on(userDisabled, auditOnly), on(policySaved, auditOnly), on(calendarSaved, auditOnly), on(rulesChanged, auditOnly)) };
  return Object.fromEntries(
    Object.entries(all).map(([type, fn]) => [
      type,
      selfIdempotent(async (e: EventEnvelope) => {
        await fn(e);
        await recordAudit(deps, e);
      }),
    ]),
  );
}

function figureHandlers(deps: ProjectionDeps) {
  const enterprise = async (e: EventEnvelope<Snapshot>) => projectEnterprise(deps, e.data);
  const request =
    <T extends RequestRef>(change: (d: T) => RequestChange) =>
    async (e: EventEnvelope<T>) =>
      projectRequestEvent(deps, e.data, change(e.data));
  const file = async (e: EventEnvelope<FileData>) =>
    projectFile(deps, {
      fileId: e.data.fileId,
      version: e.data.version,
      personKey: e.data.personKey,
      employerUscc: e.data.employerUscc,
      cityCode: e.data.cityCode ?? cityOfUscc(e.data.employerUscc),
      firstAt: e.time,
    });
  return handlerMap(
    on(enterpriseRegistered, enterprise),
    on(enterpriseUpdated, enterprise),
    on(enterpriseFlagged, enterprise),
    on(enterpriseClosed, enterprise),
    on(enterpriseReopened, enterprise),
    on(outreachLogged, async (e) => projectOutreach(deps, { outreachId: e.data.outreachId, enterpriseId: e.data.enterpriseId, cityCode: e.data.cityCode, date: e.data.date })),
    on(requestFiled, request((d) => ({ type: 'filed', source: d.source }))),
    on(requestResponded, request(() => ({ type: 'responded' }))),
    on(requestStatusChanged, request((d) => ({ type: 'status-changed', to: d.to }))),
    on(requestPaused, request(() => ({ type: 'paused' }))),
    on(requestResumed, request(() => ({ type: 'resumed' }))),
    on(requestResolved, request((d) => ({ type: 'resolved', solved: d.solved, solutionKind: d.solutionKind }))),
    on(requestReopened, request((d) => ({ type: 'reopened', satisfaction: d.satisfaction, ...(d.reason ? { reason: d.reason } : {}) }))),
    on(requestClosed, request((d) => ({ type: 'closed', satisfied: d.satisfied, ...(d.outcome ? { outcome: d.outcome } : {}) }))),
    on(requestWithdrawn, request(() => ({ type: 'withdrawn' }))),
    on(requestEscalated, request((d) => ({ type: 'escalated', level: d.level }))),
    on(requestExtensionRequested, request(() => ({ type: 'other' }))),
    on(requestExtensionDecided, request(() => ({ type: 'other' }))),
    on(
      requestImported,
      request((d) => ({ type: 'imported', state: d.state, filedAt: d.filedAt, respondedAt: d.respondedAt, resolvedAt: d.resolvedAt, solved: d.solved, solutionKind: d.solutionKind, closedAt: d.closedAt, satisfied: d.satisfied })),
    ),
    on(assignmentEscalated, async (e) => projectEscalation(deps, e.data)),
    on(assignmentAssigned, async (e) => projectAssignment(deps, { requestId: e.data.requestId, cityCode: e.data.cityCode, liaisonId: e.data.assigneeId, at: e.data.at, eventId: e.id })),
    on(assignmentTransferred, async (e) => projectAssignment(deps, { requestId: e.data.requestId, cityCode: e.data.toCityCode, liaisonId: e.data.toAssigneeId, at: e.data.at, eventId: e.id })),
    on(clockBreached, async (e) => projectClockEvent(deps, e.data, { type: 'breached' })),
    on(clockMet, async (e) => projectClockEvent(deps, e.data, { type: 'met', withinTarget: e.data.withinTarget })),
    on(sessionCompleted, async (e) =>
      projectSession(deps, { sessionId: e.data.sessionId, cityCode: e.data.cityCode, endDate: e.data.endDate, attendees: e.data.attendees, passed: e.data.passed, eventTime: e.time, eventId: e.id }),
    ),
    on(fileFiled, file),
    on(fileRenewed, file),
    on(fileExpiring, file),
    on(fileExpired, file),
    on(fileRevoked, file),
  );
}
