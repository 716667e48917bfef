import { z } from 'zod';
import { def, regionCode, isoDate, isoDateTime, uscc } from './common';
import { PROGRAMMES } from './programmes';

export const ENTERPRISE_TOPIC = 'accounts.enterprise.v1';
export const CONTACT_TOPIC = 'accounts.contact.v1';
export const OUTREACH_TOPIC = 'accounts.outreach.v1';

export const enterpriseFlags = z.object({
  contactPoint: z.boolean(),
  keyEnergyUnit: z.boolean(),
  integrityCommitment: z.boolean(),
  integrityCommitmentSignedOn: isoDate.nullable().optional(),
  integrityDemonstration: z.boolean(),
});

/**
 * The whole enterprise as of `version`: projections replace their copy when the version is
 * newer, so a late or repeated event can never roll one back.
 */
export const enterpriseSnapshot = z.object({
  enterpriseId: z.string(),
  version: z.number().int().positive(),
  uscc,
  name: z.string(),
  nameEn: z.string().nullable().optional(),
  provinceCode: regionCode,
  cityCode: regionCode,
  districtCode: regionCode.nullable().optional(),
  industry: z.string().nullable().optional(),
  size: z.string().nullable().optional(),
  status: z.enum(['active', 'closed']),
  tags: z.array(z.string()),
  flags: enterpriseFlags,
});

export const enterpriseRegistered = def('accounts.enterprise.registered', ENTERPRISE_TOPIC, enterpriseSnapshot);
export const enterpriseUpdated = def('accounts.enterprise.updated', ENTERPRISE_TOPIC, enterpriseSnapshot.extend({ changed: z.array(z.string()) }));
export const enterpriseFlagged = def('accounts.enterprise.flagged', ENTERPRISE_TOPIC, enterpriseSnapshot.extend({ flag: z.string(), value: z.boolean() }));
export const enterpriseClosed = def('accounts.enterprise.closed', ENTERPRISE_TOPIC, enterpriseSnapshot);
export const enterpriseReopened = def('accounts.enterprise.reopened', ENTERPRISE_TOPIC, enterpriseSnapshot);

export const contactAdded = def(
  'accounts.contact.added',
  CONTACT_TOPIC,
  z.object({ enterpriseId: z.string(), contactId: z.string(), name: z.string(), role: z.string().nullable().optional(), primary: z.boolean() }),
);

/** A contact's name, role or primary mark changed: the values after the change, and before. */
export const contactUpdated = def(
  'accounts.contact.updated',
  CONTACT_TOPIC,
  z.object({
    enterpriseId: z.string(),
    contactId: z.string(),
    name: z.string(),
    role: z.string().nullable().optional(),
    primary: z.boolean(),
    changed: z.array(z.string()),
    previous: z.object({ name: z.string(), role: z.string().nullable().optional(), primary: z.boolean() }),
  }),
);
export const contactRemoved = def('accounts.contact.removed', CONTACT_TOPIC, z.object({ enterpriseId: z.string(), contactId: z.string(), name: z.string() }));

export const outreachLogged = def(
  'accounts.outreach.logged',
  OUTREACH_TOPIC,
  z.object({
    outreachId: z.string(),
    enterpriseId: z.string(),
    cityCode: regionCode,
    liaisonId: z.string(),
    date: isoDate,
    kind: z.enum(['visit', 'phone', 'campaign', 'training', 'other']),
    campaign: z.string().nullable().optional(),
    /** The programmes campaign the visit was made under (its name is `campaign`), with the campaign's programme. */
    campaignId: z.string().nullable().optional(),
    programme: z.enum(PROGRAMMES).nullable().optional(),
    problemCount: z.number().int().nonnegative(),
    loggedAt: isoDateTime,
  }),
);

export const outreachProblemFound = def(
  'accounts.outreach.problem-found',
  OUTREACH_TOPIC,
  z.object({
    outreachId: z.string(),
    problemId: z.string(),
    enterpriseId: z.string(),
    cityCode: regionCode,
    liaisonId: z.string(),
    category: z.string(),
    title: z.string(),
    description: z.string(),
  }),
);

/**
 * Integrity and energy records of an enterprise, on the enterprise topic (keyed by enterprise id,
 * in order with its snapshots). `version` is the enterprise's version the record came with.
 */
const recordOf = { enterpriseId: z.string(), version: z.number().int().positive(), uscc, cityCode: regionCode };

export const integrityCommitted = def(
  'accounts.integrity.committed',
  ENTERPRISE_TOPIC,
  z.object({ ...recordOf, commitmentId: z.string(), signedOn: isoDate, hasDocument: z.boolean() }),
);
export const integrityWithdrawn = def('accounts.integrity.withdrawn', ENTERPRISE_TOPIC, z.object({ ...recordOf, commitmentId: z.string(), signedOn: isoDate, withdrawnOn: isoDate }));
const namedBy = z.object({ kind: z.enum(['province', 'city']), code: regionCode }).nullable();
export const demonstrationNamed = def('accounts.integrity.demonstration-named', ENTERPRISE_TOPIC, z.object({ ...recordOf, year: z.number().int(), namedBy, namedOn: isoDate }));
export const demonstrationRevoked = def('accounts.integrity.demonstration-revoked', ENTERPRISE_TOPIC, z.object({ ...recordOf, year: z.number().int(), namedBy }));
export const energyReviewed = def(
  'accounts.energy.reviewed',
  ENTERPRISE_TOPIC,
  z.object({ ...recordOf, reviewId: z.string(), date: isoDate, reviewers: z.number().int().nonnegative(), instrumentsReviewed: z.number().int().nonnegative(), followUpRequestIds: z.array(z.string()) }),
);
export const energyDataCollectionSet = def(
  'accounts.energy.data-collection-set',
  ENTERPRISE_TOPIC,
  z.object({ ...recordOf, status: z.enum(['realtime', 'manual', 'none']), since: isoDate, previous: z.enum(['realtime', 'manual', 'none']).nullable() }),
);

export const accountsEvents = [
  enterpriseRegistered, enterpriseUpdated, enterpriseFlagged, enterpriseClosed, enterpriseReopened, contactAdded, contactUpdated, contactRemoved, outreachLogged, outreachProblemFound,
  integrityCommitted, integrityWithdrawn, demonstrationNamed, demonstrationRevoked, energyReviewed, energyDataCollectionSet,
];
