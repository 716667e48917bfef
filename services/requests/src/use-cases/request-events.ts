import { eventFor, type EventActor, type OutboxEntry } from '@metrodesk/events/model';
import {
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
  requestVisitScheduled,
  requestVisitRescheduled,
  requestVisitCancelled,
  requestVisitCompleted,
  requestVisitFlagged,
  requestBenefitRecorded,
  requestInstrumentResults,
  requestImported,
} from '@metrodesk/contracts';
import type { ServiceRequest, Visit, VisitFlag } from '../domain/request';
import type { Decision } from '../domain/decide';
import type { VisitDecision } from '../domain/visits';
import type { DueInstrument } from '../domain/due-instruments';

const SOURCE = 'requests';

function ref(r: ServiceRequest, at: Date) {
  return { requestId: r.id, number: r.number, enterpriseId: r.enterpriseId, cityCode: r.cityCode, category: r.category, priority: r.priority, version: r.version, cycle: r.cycle, at: at.toISOString() };
}

export function filedEvent(r: ServiceRequest, correlationId?: string, actor?: EventActor): OutboxEntry {
  return eventFor(requestFiled, {
    subject: r.id,
    source: SOURCE,
    time: r.filedAt,
    correlationId,
    actor: actor ?? { id: r.filedBy, role: r.filedByRole },
    data: {
      ...ref(r, r.filedAt),
      title: r.title,
      instruments: r.instruments,
      filedBy: r.filedBy,
      filedByRole: r.filedByRole,
      outreachId: r.outreachId,
      source: r.source,
      preferredTime: r.preferredTime,
      preferredDate: r.preferredDate,
    },
  });
}

/** The events one decision publishes; `r` is the request after it, at its new version. */
export function decisionEvents(r: ServiceRequest, d: Decision, action: string, by: string, at: Date, correlationId?: string, actor?: EventActor): OutboxEntry[] {
  const base = ref(r, at);
  const e = { subject: r.id, source: SOURCE, time: at, correlationId, actor };
  return d.signals.map((s) => {
    switch (s.kind) {
      case 'status-changed':
        return eventFor(requestStatusChanged, { ...e, data: { ...base, from: d.from, to: r.state, action, by } });
      case 'responded':
        return eventFor(requestResponded, { ...e, data: { ...base, by } });
      case 'paused':
        return eventFor(requestPaused, { ...e, data: { ...base, reason: s.reason } });
      case 'resumed':
        return eventFor(requestResumed, { ...e, data: base });
      case 'resolved':
        return eventFor(requestResolved, { ...e, data: { ...base, solved: r.solution!.solved, solutionKind: r.solution!.kind, by } });
      case 'reopened':
        return eventFor(requestReopened, { ...e, data: { ...base, satisfaction: s.satisfaction, reason: s.reason, comment: s.comment } });
      case 'closed':
        return eventFor(requestClosed, { ...e, data: { ...base, satisfaction: s.satisfaction, satisfied: s.satisfied, outcome: s.outcome } });
      case 'withdrawn':
        return eventFor(requestWithdrawn, { ...e, data: { ...base, reason: s.reason } });
      case 'escalated':
        return eventFor(requestEscalated, { ...e, data: { ...base, level: s.level, reason: s.reason } });
      case 'extension-requested':
        return eventFor(requestExtensionRequested, { ...e, data: { ...base, extensionId: s.extension.id, workingDays: s.extension.workingDays, reason: s.extension.reason } });
      case 'extension-decided': {
        const approved = s.extension.status === 'approved';
        return eventFor(requestExtensionDecided, { ...e, data: { ...base, extensionId: s.extension.id, approved, workingDays: approved ? s.extension.workingDays : 0, by } });
      }
    }
  });
}

function visitData(r: ServiceRequest, v: Visit, by: string, at: Date) {
  return {
    ...ref(r, at),
    visitId: v.id,
    date: v.date,
    slot: v.slot,
    siteAddress: v.siteAddress,
    instruments: v.instruments,
    verifiers: v.verifiers.map((x) => ({ personKey: x.personKey, name: x.name, instituteUscc: x.instituteUscc, instituteName: x.instituteName, userId: x.userId })),
    by,
  };
}

/** The request's benefit record as it stands; `r` is the request after it, at its new version. */
export function benefitEvent(r: ServiceRequest, by: string, at: Date, correlationId?: string, actor?: EventActor): OutboxEntry {
  const b = r.benefit!;
  return eventFor(requestBenefitRecorded, {
    subject: r.id, source: SOURCE, time: at, correlationId, actor,
    data: { ...ref(r, at), hasBenefit: b.text !== null || b.amountYuan !== null, amountYuan: b.amountYuan, banners: b.banners, letters: b.letters, by },
  });
}

/** The one event a visit decision publishes; `r` is the request after it, at its new version. */
export function visitEvent(r: ServiceRequest, d: VisitDecision, by: string, at: Date, correlationId?: string, flag?: VisitFlag, actor?: EventActor): OutboxEntry {
  const e = { subject: r.id, source: SOURCE, time: at, correlationId, actor };
  const data = visitData(r, d.visit, by, at);
  switch (d.history.action) {
    case 'visit_rescheduled':
      return eventFor(requestVisitRescheduled, { ...e, data: { ...data, previousDate: d.previous!.date, previousSlot: d.previous!.slot } });
    case 'visit_cancelled':
      return eventFor(requestVisitCancelled, { ...e, data: { ...data, reason: d.visit.cancelReason ?? '' } });
    case 'visit_completed': {
      const result = d.visit.result!;
      return eventFor(requestVisitCompleted, { ...e, data: { ...data, verified: result.verified, freeOfCharge: result.freeOfCharge, certificateNos: result.certificateNos } });
    }
    case 'visit_flagged':
      return eventFor(requestVisitFlagged, {
        ...e,
        data: { ...data, assigneeId: r.assigneeId, personKey: flag!.personKey, verifierName: flag!.verifierName, certificateNo: flag!.certificateNo, reason: flag!.reason },
      });
    default:
      return eventFor(requestVisitScheduled, { ...e, data });
  }
}

/** What the request found about registered instruments, for the registry to move their dates. */
export function instrumentResultsEvent(r: ServiceRequest, recorded: DueInstrument[], by: string, at: Date, correlationId?: string, actor?: EventActor): OutboxEntry {
  return eventFor(requestInstrumentResults, {
    subject: r.id, source: SOURCE, time: at, correlationId, actor,
    data: {
      ...ref(r, at),
      results: recorded.map((i) => ({ instrumentId: i.instrumentId, serialNo: i.serialNo, outcome: i.result!.outcome, verifiedOn: i.result!.verifiedOn, certificateNo: i.result!.certificateNo })),
      by,
    },
  });
}

/** The one event an imported request publishes: its whole story, dated when it ended. */
export function importedEvent(r: ServiceRequest, correlationId?: string, actor?: EventActor): OutboxEntry {
  const imp = r.imported!;
  const sol = r.solution!;
  const visit = r.returnVisits[0] ?? null;
  const last = r.closedAt ?? sol.at;
  return eventFor(requestImported, {
    subject: r.id,
    source: SOURCE,
    time: last,
    correlationId,
    actor,
    data: {
      ...ref(r, last),
      externalRef: imp.externalRef,
      state: r.state === 'closed' ? 'closed' : 'resolved',
      filedAt: r.filedAt.toISOString(),
      respondedAt: r.respondedAt?.toISOString() ?? null,
      resolvedAt: sol.at.toISOString(),
      solved: sol.solved,
      solutionKind: sol.kind,
      closedAt: r.closedAt?.toISOString() ?? null,
      satisfaction: visit?.satisfaction ?? null,
      satisfied: visit?.satisfied ?? null,
      outcome: r.outcome,
      instrumentsVerified: imp.instrumentsVerified,
      freeOfCharge: imp.freeOfCharge,
      by: imp.by,
    },
  });
}
