import { ValidationError, NotFoundError } from '@metrodesk/errors';

export interface Contact {
  id: string;
  name: string;
  role: string | null;
  phone: string | null;
  email: string | null;
  primary: boolean;
  createdAt: Date;
}

export type ContactInput = Partial<Pick<Contact, 'role' | 'phone' | 'email'>> & { name: string; primary?: boolean };

/**
 * Keeps the first three and last four digits of a mobile number (138****5678) and only the
 * last four of anything else, so a list never shows a whole number.
 */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  const digits = phone.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('1')) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  if (digits.length <= 4) return '*'.repeat(digits.length);
  return '*'.repeat(digits.length - 4) + digits.slice(-4);
}

/** With any contacts at all, exactly one is primary: the newly marked one, else the oldest. */
function withOnePrimary(list: Contact[], preferred?: string): Contact[] {
  if (list.length === 0) return list;
  const primaryId = preferred ?? list.find((c) => c.primary)?.id ?? list[0]!.id;
  return list.map((c) => ({ ...c, primary: c.id === primaryId }));
}

export function addContact(list: Contact[], contact: Contact): Contact[] {
  return withOnePrimary([...list, contact], contact.primary || list.length === 0 ? contact.id : undefined);
}

export function updateContact(list: Contact[], id: string, patch: Partial<ContactInput>): Contact[] {
  const current = list.find((c) => c.id === id);
  if (!current) throw new NotFoundError('contact', id);
  if (patch.primary === false && current.primary) {
    throw new ValidationError([{ path: 'primary', message: 'an enterprise keeps one primary contact: make another contact primary instead' }]);
  }
  const { primary, ...rest } = patch;
  const updated = list.map((c) => (c.id === id ? { ...c, ...rest } : c));
  return withOnePrimary(updated, primary ? id : undefined);
}

export function removeContact(list: Contact[], id: string): Contact[] {
  if (!list.some((c) => c.id === id)) throw new NotFoundError('contact', id);
  return withOnePrimary(list.filter((c) => c.id !== id));
}
