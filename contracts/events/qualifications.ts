import { z } from 'zod';
import { def, isoDate, uscc } from './common';

export const QUALIFICATION_TOPIC = 'qualifications.file.v1';

export const QUALIFICATION_STATUSES = ['valid', 'expiring', 'expired', 'revoked', 'suspended'] as const;

/** A qualification file as of `version`; `personKey` is a keyed hash, never the ID number. */
const file = {
  fileId: z.string(),
  version: z.number().int().positive(),
  personKey: z.string(),
  personName: z.string(),
  employerUscc: uscc,
  employerName: z.string().nullable().optional(),
  cityCode: z.string().regex(/^\d{6}$/).nullable().optional(),
  type: z.string(),
  scope: z.array(z.string()),
  certificateNo: z.string(),
  issuedOn: isoDate,
  expiresOn: isoDate,
  status: z.enum(QUALIFICATION_STATUSES),
};

export const fileFiled = def('qualifications.file.filed', QUALIFICATION_TOPIC, z.object(file));
export const fileRenewed = def('qualifications.file.renewed', QUALIFICATION_TOPIC, z.object(file));
export const fileExpiring = def('qualifications.file.expiring', QUALIFICATION_TOPIC, z.object(file));
export const fileExpired = def('qualifications.file.expired', QUALIFICATION_TOPIC, z.object(file));
export const fileRevoked = def('qualifications.file.revoked', QUALIFICATION_TOPIC, z.object({ ...file, reason: z.string() }));

/** A suspended file does not qualify its holder until reinstated (added in v1, additive). */
export const fileSuspended = def('qualifications.file.suspended', QUALIFICATION_TOPIC, z.object({ ...file, reason: z.string() }));
export const fileReinstated = def('qualifications.file.reinstated', QUALIFICATION_TOPIC, z.object(file));

export const qualificationEvents = [fileFiled, fileRenewed, fileExpiring, fileExpired, fileRevoked, fileSuspended, fileReinstated];
