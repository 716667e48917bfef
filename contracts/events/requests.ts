import { z } from 'zod';
import { def, regionCode, isoDate, isoDateTime, type Words } from './common';

export const REQUEST_TOPIC = 'requests.request.v1';

/** How a request came: filed by someone, from a problem found on outreach, or opened by the bureau for instruments falling due (未诉先办). */
export const REQUEST_SOURCES = ['filed', 'outreach', 'proactive'] as const;

export const REQUEST_CATEGORIES = [
  'verification_calibration',
  'emergency_verification',
  'management_system',
  'test_solution',
  'product_development',
  'training_request',
  'energy_metrology',
  'other',
] as const;
export const PRIORITIES = ['normal', 'urgent', 'emergency'] as const;
export const REQUEST_STATES = ['filed', 'assigned', 'responded', 'in_progress', 'waiting_enterprise', 'resolved', 'closed', 'withdrawn'] as const;
export const SOLUTION_KINDS = ['on_site_verification', 'lab_calibration', 'technical_advice', 'management_system_help', 'training', 'test_solution', 'referral', 'other'] as const;

/** The names people read for each code, in both languages; the console's i18n says the same. */
export const CATEGORY_WORDS: Record<(typeof REQUEST_CATEGORIES)[number], Words> = {
  verification_calibration: { 'zh-CN': '检定校准', en: 'Verification / calibration' },
  emergency_verification: { 'zh-CN': '应急检定', en: 'Emergency verification' },
  management_system: { 'zh-CN': '计量管理体系', en: 'Metrology management system' },
  test_solution: { 'zh-CN': '测试解决方案', en: 'Test or measurement solution' },
  product_development: { 'zh-CN': '新产品研发支持', en: 'New product development' },
  training_request: { 'zh-CN': '培训需求', en: 'Training request' },
  energy_metrology: { 'zh-CN': '能源计量', en: 'Energy metrology' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

export const PRIORITY_WORDS: Record<(typeof PRIORITIES)[number], Words> = {
  normal: { 'zh-CN': '普通', en: 'Normal' },
  urgent: { 'zh-CN': '紧急', en: 'Urgent' },
  emergency: { 'zh-CN': '特急', en: 'Emergency' },
};

export const REQUEST_STATE_WORDS: Record<(typeof REQUEST_STATES)[number], Words> = {
  filed: { 'zh-CN': '已提交', en: 'Filed' },
  assigned: { 'zh-CN': '已派单', en: 'Assigned' },
  responded: { 'zh-CN': '已响应', en: 'Responded' },
  in_progress: { 'zh-CN': '办理中', en: 'In progress' },
  waiting_enterprise: { 'zh-CN': '等待企业答复', en: 'Waiting for enterprise' },
  resolved: { 'zh-CN': '已办结', en: 'Resolved' },
  closed: { 'zh-CN': '已关闭', en: 'Closed' },
  withdrawn: { 'zh-CN': '已撤回', en: 'Withdrawn' },
};

/** How a closed request ended: withdrawal has its own event, and an unsatisfied visit reopens instead. */
export const CLOSE_OUTCOMES = ['satisfied', 'no_answer'] as const;
export const VISIT_SLOTS = ['morning', 'afternoon'] as const;

export const instrument = z.object({ class: z.string(), count: z.number().int().positive(), model: z.string().nullable().optional() });

/** Fields every request event carries, so consumers can route and report without a lookup. */
const requestRef = {
  requestId: z.string(),
  /** The human-readable number (e.g. 210100-2026-000123); absent or null on requests filed before numbers existed. */
  number: z.string().nullable().optional(),
  enterpriseId: z.string(),
  cityCode: regionCode,
  category: z.enum(REQUEST_CATEGORIES),
  priority: z.enum(PRIORITIES),
  /** Incremented by every change; consumers ignore an event older than what they hold. */
  version: z.number().int().positive(),
  /** SLA cycle: 1, then +1 for each redo after an unsatisfied return visit. */
  cycle: z.number().int().positive(),
  at: isoDateTime,
};

export const requestFiled = def(
  'requests.request.filed',
  REQUEST_TOPIC,
  z.object({
    ...requestRef,
    title: z.string(),
    instruments: z.array(instrument),
    filedBy: z.string(),
    filedByRole: z.string(),
    outreachId: z.string().nullable().optional(),
    source: z.enum(REQUEST_SOURCES).optional(),
    /** The enterprise's preferred time in its own words ("工作日上午"); shown, never parsed. */
    preferredTime: z.string().nullable().optional(),
    /** A structured preferred day (YYYY-MM-DD) when the filer gave one; never the free text. */
    preferredDate: z.string().nullable().optional(),
  }),
);
export const requestResponded = def('requests.request.responded', REQUEST_TOPIC, z.object({ ...requestRef, by: z.string() }));
export const requestStatusChanged = def(
  'requests.request.status-changed',
  REQUEST_TOPIC,
  z.object({ ...requestRef, from: z.enum(REQUEST_STATES), to: z.enum(REQUEST_STATES), action: z.string(), by: z.string() }),
);
export const requestPaused = def('requests.request.paused', REQUEST_TOPIC, z.object({ ...requestRef, reason: z.string().nullable().optional() }));
export const requestResumed = def('requests.request.resumed', REQUEST_TOPIC, z.object({ ...requestRef }));
export const requestResolved = def(
  'requests.request.resolved',
  REQUEST_TOPIC,
  z.object({ ...requestRef, solved: z.boolean(), solutionKind: z.enum(SOLUTION_KINDS), by: z.string() }),
);
/** Why a new cycle opened: a redo after an unsatisfied return visit, or the enterprise's complaint on a closed request. */
export const REOPEN_REASONS = ['unsatisfied', 'complaint'] as const;
export const requestReopened = def(
  'requests.request.reopened',
  REQUEST_TOPIC,
  z.object({
    ...requestRef,
    /** The return visit's score for a redo; null for a complaint. */
    satisfaction: z.number().int().min(1).max(5).nullable(),
    /** Absent on events published before complaints existed: those are all redos. */
    reason: z.enum(REOPEN_REASONS).optional(),
    comment: z.string().nullable().optional(),
  }),
);
export const requestClosed = def(
  'requests.request.closed',
  REQUEST_TOPIC,
  z.object({
    ...requestRef,
    satisfaction: z.number().int().min(1).max(5).nullable(),
    satisfied: z.boolean().nullable(),
    /** How it closed; absent on older events (those all closed satisfied). no_answer: the return-visit deadline passed. */
    outcome: z.enum(CLOSE_OUTCOMES).optional(),
  }),
);
export const requestWithdrawn = def('requests.request.withdrawn', REQUEST_TOPIC, z.object({ ...requestRef, reason: z.string().nullable().optional() }));
export const requestEscalated = def(
  'requests.request.escalated',
  REQUEST_TOPIC,
  z.object({ ...requestRef, level: z.enum(['city', 'province']), reason: z.string() }),
);
export const requestExtensionRequested = def(
  'requests.request.extension-requested',
  REQUEST_TOPIC,
  z.object({ ...requestRef, extensionId: z.string(), workingDays: z.number().int().positive(), reason: z.string() }),
);
export const requestExtensionDecided = def(
  'requests.request.extension-decided',
  REQUEST_TOPIC,
  z.object({ ...requestRef, extensionId: z.string(), approved: z.boolean(), workingDays: z.number().int().nonnegative(), by: z.string() }),
);

/**
 * What a resolved or closed request brought the enterprise, as the bureau records it: whether
 * a benefit was described, its amount in yuan when known, and the commendations received
 * (锦旗 banners, 感谢信 letters). The whole record as of `version`; the text stays in requests.
 */
export const requestBenefitRecorded = def(
  'requests.request.benefit-recorded',
  REQUEST_TOPIC,
  z.object({ ...requestRef, hasBenefit: z.boolean(), amountYuan: z.number().nonnegative().nullable(), banners: z.number().int().nonnegative(), letters: z.number().int().nonnegative(), by: z.string() }),
);

/** A verifier as a visit names them: the qualification files' person, never an ID number. */
const visitVerifier = z.object({ personKey: z.string(), name: z.string(), instituteUscc: z.string(), instituteName: z.string().nullable(), userId: z.string().nullable().optional() });
const visitRef = {
  ...requestRef,
  visitId: z.string(),
  date: isoDate,
  slot: z.enum(VISIT_SLOTS),
  siteAddress: z.string().nullable(),
  instruments: z.array(z.object({ class: z.string(), count: z.number().int().positive() })),
  verifiers: z.array(visitVerifier),
  by: z.string(),
};
export const requestVisitScheduled = def('requests.request.visit-scheduled', REQUEST_TOPIC, z.object(visitRef));
export const requestVisitRescheduled = def('requests.request.visit-rescheduled', REQUEST_TOPIC, z.object({ ...visitRef, previousDate: isoDate, previousSlot: z.enum(VISIT_SLOTS) }));
export const requestVisitCancelled = def('requests.request.visit-cancelled', REQUEST_TOPIC, z.object({ ...visitRef, reason: z.string() }));
export const requestVisitCompleted = def(
  'requests.request.visit-completed',
  REQUEST_TOPIC,
  z.object({
    ...visitRef,
    verified: z.array(z.object({ class: z.string(), count: z.number().int().nonnegative() })),
    freeOfCharge: z.boolean(),
    certificateNos: z.array(z.string()),
  }),
);
/** A verifier's file lapsed, was suspended or revoked before the visit: the liaison must act. */
export const requestVisitFlagged = def(
  'requests.request.visit-flagged',
  REQUEST_TOPIC,
  z.object({ ...visitRef, assigneeId: z.string().nullable(), personKey: z.string(), verifierName: z.string(), certificateNo: z.string().nullable(), reason: z.string() }),
);

/** What a request found about an enterprise's registered instruments (by the registry's own ids):
 * verified on a visit or at resolution, or declined by the enterprise as verified elsewhere
 * with the certificate it holds. Accounts moves each instrument's last and next dates from it. */
export const INSTRUMENT_RESULT_OUTCOMES = ['verified', 'verified_elsewhere'] as const;
export const requestInstrumentResults = def(
  'requests.request.instrument-results',
  REQUEST_TOPIC,
  z.object({
    ...requestRef,
    results: z
      .array(z.object({ instrumentId: z.string(), serialNo: z.string(), outcome: z.enum(INSTRUMENT_RESULT_OUTCOMES), verifiedOn: isoDate, certificateNo: z.string().nullable() }))
      .min(1),
    by: z.string(),
  }),
);

/**
 * A past request brought in from the bureau's earlier system (POST /requests/import): already
 * resolved or closed, with its own dates. One event carries its whole story, so reporting
 * counts it in the month it happened; it is not a filing, so nothing routes it, times it or
 * tells anyone about it. `at` is its last date (closed, else resolved).
 */
export const IMPORTED_STATES = ['resolved', 'closed'] as const;
export const requestImported = def(
  'requests.request.imported',
  REQUEST_TOPIC,
  z.object({
    ...requestRef,
    /** The request's reference in the system it came from, unique per city. */
    externalRef: z.string(),
    state: z.enum(IMPORTED_STATES),
    filedAt: isoDateTime,
    /** Null when the earlier system did not record a first response. */
    respondedAt: isoDateTime.nullable(),
    resolvedAt: isoDateTime,
    solved: z.boolean(),
    solutionKind: z.enum(SOLUTION_KINDS),
    /** Closed requests only: the return visit's score, or null when nobody answered. */
    closedAt: isoDateTime.nullable(),
    satisfaction: z.number().int().min(1).max(5).nullable(),
    satisfied: z.boolean().nullable(),
    outcome: z.enum(CLOSE_OUTCOMES).nullable(),
    /** Instruments verified or calibrated for the request, per class. */
    instrumentsVerified: z.array(z.object({ class: z.string(), count: z.number().int().positive() })),
    freeOfCharge: z.boolean(),
    by: z.string(),
  }),
);

export const requestsEvents = [
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
];
