import type { http } from '@metrodesk/contracts';
import type { Identity } from '@metrodesk/access';
import { attentionOf, channelOf, type Attachment, type Comment, type HistoryEntry, type ServiceRequest, type Visit } from '../domain/request';
import type { ClockView, SlaView } from '../domain/sla';
import { visibleTo } from '../use-cases/get-request';

export type Api = http.requests.components['schemas'];

const iso = (d: Date) => new Date(d).toISOString();
const isoOrNull = (d: Date | null) => (d ? iso(d) : null);

const clockDto = (c: ClockView | null): Api['Clock'] | null => (c ? { ...c, deadline: iso(c.deadline), at: iso(c.at) } : null);

export const slaDto = (s: SlaView): Api['Sla'] => ({ cycle: s.cycle, state: s.state, nextDeadline: isoOrNull(s.nextDeadline), response: clockDto(s.response), resolution: clockDto(s.resolution) });

export const attachmentDto = (a: Attachment): Api['Attachment'] => ({ ...a, uploadedByName: a.uploadedByName ?? null, uploadedByRole: a.uploadedByRole ?? null, uploadedAt: iso(a.uploadedAt) });
export const commentDto = (c: Comment): Api['Comment'] => ({ ...c, byName: c.byName ?? null, at: iso(c.at) });

/**
 * Notes that are not people's words stay out of the timeline: the comment line's visibility
 * code, the system's English reason for a no-answer close, and the assignee id older
 * assignments wrote (the assignee is `assigneeName` now).
 */
const CODE_NOTES: ReadonlySet<HistoryEntry['action']> = new Set(['comment', 'assign', 'close_no_answer']);

export const historyDto = (h: HistoryEntry): Api['HistoryEntry'] => ({
  ...h,
  at: iso(h.at),
  byName: h.byName ?? null,
  note: CODE_NOTES.has(h.action) ? null : h.note,
  assigneeName: h.assigneeName ?? null,
});

const visitDto = (v: Visit): Api['Visit'] => ({
  ...v,
  scheduledAt: iso(v.scheduledAt),
  flags: v.flags.map(({ fileId: _f, fileVersion: _v, ...f }) => ({ ...f, at: iso(f.at) })),
  result: v.result ? { ...v.result, at: iso(v.result.at) } : null,
});

export function requestDto(r: ServiceRequest): Api['Request'] {
  const { history: _h, comments: _c, assignedAt: _a, dueEventIds: _e, imported, ...rest } = r;
  return {
    ...rest,
    imported: imported ? { externalRef: imported.externalRef, instrumentsVerified: imported.instrumentsVerified, freeOfCharge: imported.freeOfCharge, at: iso(imported.at) } : null,
    respondedAt: isoOrNull(r.respondedAt),
    filedAt: iso(r.filedAt),
    updatedAt: iso(r.updatedAt),
    solution: r.solution ? { ...r.solution, at: iso(r.solution.at) } : null,
    returnVisits: r.returnVisits.map((v) => ({ ...v, contactName: v.contactName ?? null, at: iso(v.at) })),
    extensions: r.extensions.map((e) => ({ ...e, requestedAt: iso(e.requestedAt), decidedAt: isoOrNull(e.decidedAt) })),
    escalation: r.escalation ? { ...r.escalation, at: iso(r.escalation.at) } : null,
    attachments: r.attachments.map(attachmentDto),
    visits: r.visits.map(visitDto),
    benefit: r.benefit ? { ...r.benefit, at: iso(r.benefit.at) } : null,
    dueInstruments: r.dueInstruments.map((i) => ({ ...i, result: i.result ? { ...i.result, at: iso(i.result.at) } : null })),
    visitProposal: r.visitProposal ? { ...r.visitProposal, at: iso(r.visitProposal.at), acceptedAt: isoOrNull(r.visitProposal.acceptedAt) } : null,
    attention: attentionOf(r),
    assigneeName: r.assigneeName ?? null,
    filedByName: r.filedByName ?? null,
    channel: channelOf(r),
    closedAt: isoOrNull(r.closedAt),
    sla: slaDto(r.sla),
  };
}

export function timelineDto(who: Identity, r: ServiceRequest): Api['Timeline'] {
  const visible = visibleTo(who, r);
  return { requestId: r.id, state: r.state, cycle: r.cycle, version: r.version, history: r.history.map(historyDto), comments: visible.comments.map(commentDto), sla: slaDto(r.sla) };
}
