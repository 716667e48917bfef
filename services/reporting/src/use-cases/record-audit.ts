import { auditEntryOf, userNameOf, type AuditSource } from '../domain/audit';
import type { ProjectionDeps } from './ports';

/** Keeps the audit entry an event makes (if any) and the user name identity published (if any). */
export async function recordAudit(deps: ProjectionDeps, e: AuditSource): Promise<void> {
  const user = userNameOf(e);
  if (user) await deps.audit.saveUserName(user);
  const entry = auditEntryOf(e);
  if (entry) await deps.audit.record(entry);
}
