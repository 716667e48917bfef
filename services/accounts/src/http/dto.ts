import type { http } from '@metrodesk/contracts';
import type { Enterprise } from '../domain/enterprise';
import { maskPhone, type Contact } from '../domain/contact';
import type { Outreach } from '../domain/outreach';

type Api = http.accounts.components['schemas'];

export function toEnterpriseDto(e: Enterprise): Api['Enterprise'] {
  return { ...e, createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString() };
}

export function toContactDto(c: Contact, wholePhone: boolean): Api['Contact'] {
  return { ...c, phone: wholePhone ? c.phone : maskPhone(c.phone), phoneMasked: !wholePhone && c.phone !== null, createdAt: c.createdAt.toISOString() };
}

export function toOutreachDto(o: Outreach): Api['Outreach'] {
  return { ...o, followUpDoneAt: o.followUpDoneAt?.toISOString() ?? null, createdAt: o.createdAt.toISOString() };
}
