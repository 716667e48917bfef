import { Schema, type Connection, type Model } from 'mongoose';
import { outboxSchemaFields, type OutboxEntry } from '@metrodesk/events';
import type { ServiceRequest } from '../domain/request';

/** One request is one document: its history, comments and outbox change in the same atomic write. */
export interface RequestDoc extends Omit<ServiceRequest, 'id'> {
  _id: string;
  /**
   * The person keys of every verifier named on a visit, kept beside the visits: a top-level
   * field a filter on one person can be answered from by the database, where a path into the
   * visits array is read document by document on the local MongoDB-wire server.
   */
  visitPeople?: string[];
  /** `<userId>:<Idempotency-Key>`; unique, so a retried filing finds the first one. */
  idempotencyKey?: string;
  /** Hash of the filed body, to tell a retry from a different filing reusing a key. */
  idempotencyHash?: string;
  searchText: string;
  /** Nearest SLA deadline, or far in the future, so the queue sorts requests without one last. */
  sortDeadline: Date;
  /** Guards the SLA view separately, so SLA updates never make a user's version stale. */
  slaRev: number;
  outbox: OutboxEntry[];
  outboxPending?: boolean;
  /** `<cityCode>:<externalRef>` of an imported request, to list a city's imported references. Not a
   * unique index: on the local server a second unique index stops a duplicate _id from being
   * reported as one (docs/decisions/0008); the imported request's id follows from the same pair
   * and is unique instead. */
  importRef?: string;
}

export const REQUESTS = 'requests';
export const NO_DEADLINE = new Date('9999-12-31T00:00:00Z');

const requestSchema = new Schema<RequestDoc>(
  {
    _id: { type: String, required: true },
    // Unique, so a counter fault can never give two requests one number; sparse, because
    // requests filed before numbers existed have none (the field is left out, never null).
    number: { type: String, unique: true, sparse: true },
    enterpriseId: { type: String, required: true, index: true },
    enterpriseName: { type: String, default: null },
    cityCode: { type: String, required: true },
    category: { type: String, required: true },
    title: { type: String, required: true },
    description: { type: String, required: true },
    instruments: { type: [Object], default: [] },
    siteAddress: { type: String, default: null },
    priority: { type: String, required: true },
    preferredTime: { type: String, default: null },
    preferredDate: { type: String, default: null },
    state: { type: String, required: true },
    assigneeId: { type: String, default: null },
    assigneeName: { type: String, default: null },
    cycle: { type: Number, required: true },
    respondedAt: { type: Date, default: null },
    solution: { type: Object, default: null },
    returnVisits: { type: [Object], default: [] },
    extensions: { type: [Object], default: [] },
    escalation: { type: Object, default: null },
    attachments: { type: [Object], default: [] },
    visits: { type: [Object], default: [] },
    benefit: { type: Object, default: null },
    outcome: { type: String, default: null },
    closedAt: { type: Date, default: null },
    history: { type: [Object], default: [] },
    comments: { type: [Object], default: [] },
    outreachId: { type: String, default: null },
    problemId: { type: String, default: null },
    source: { type: String, default: 'filed' },
    dueInstruments: { type: [Object], default: [] },
    visitProposal: { type: Object, default: null },
    dueEventIds: { type: [String], default: undefined },
    filedBy: { type: String, required: true },
    filedByRole: { type: String, required: true },
    filedByName: { type: String, default: null },
    filedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    assignedAt: { type: Date, default: null },
    sla: { type: Object, required: true },
    slaRev: { type: Number, required: true, default: 0 },
    idempotencyKey: { type: String, unique: true, sparse: true },
    idempotencyHash: { type: String },
    imported: { type: Object },
    importRef: { type: String, index: true },
    searchText: { type: String, required: true },
    visitPeople: { type: [String], default: undefined },
    sortDeadline: { type: Date, required: true },
    version: { type: Number, required: true },
    ...outboxSchemaFields,
  },
  { collection: REQUESTS, versionKey: false, minimize: false },
);
requestSchema.index({ cityCode: 1, sortDeadline: 1, _id: 1 });
requestSchema.index({ cityCode: 1, state: 1 });
requestSchema.index({ assigneeId: 1 });
// A qualification event finds the requests whose visits name the person.
requestSchema.index({ visitPeople: 1 }, { sparse: true });
requestSchema.index({ filedAt: -1, _id: -1 });
// A due event finds the enterprise's open proactive request to add its instruments to.
requestSchema.index({ enterpriseId: 1, source: 1, state: 1 });

export function requestModel(conn: Connection): Model<RequestDoc> {
  return (conn.models.ServiceRequest as Model<RequestDoc> | undefined) ?? conn.model<RequestDoc>('ServiceRequest', requestSchema);
}
