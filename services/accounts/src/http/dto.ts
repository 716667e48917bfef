import type { http } from '@metrodesk/contracts';
import type { Enterprise } from '../domain/enterprise';
import { maskPhone, type Contact } from '../domain/contact';
import type { Outreach } from '../domain/outreach';
import type { Instrument } from '../domain/instrument';
import { isOverdue } from '../domain/instrument-verification';

type Api = http.accounts.components['schemas'];

/** The enterprise without its records: those have their own resource. */
export function toEnterpriseDto(e: Enterprise): Api['Enterprise'] {
  const { records: _records, ...rest } = e;
  return { ...rest, createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString() };
}

export function toContactDto(c: Contact, wholePhone: boolean): Api['Contact'] {
  return { ...c, phone: wholePhone ? c.phone : maskPhone(c.phone), phoneMasked: !wholePhone && c.phone !== null, createdAt: c.createdAt.toISOString() };
}

export function toOutreachDto(o: Outreach): Api['Outreach'] {
  return { ...o, followUpDoneAt: o.followUpDoneAt?.toISOString() ?? null, createdAt: o.createdAt.toISOString() };
}

/** `today` is the bureau day the overdue mark is judged on. */
export function toInstrumentDto(i: Instrument, today: string): Api['Instrument'] {
  return {
    ...i,
    overdue: isOverdue(i, today),
    verifications: i.verifications.map((v) => ({ ...v, recordedAt: v.recordedAt instanceof Date ? v.recordedAt.toISOString() : String(v.recordedAt) })),
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}
