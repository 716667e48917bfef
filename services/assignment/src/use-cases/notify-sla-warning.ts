import type { AssignmentDeps, Notification } from './ports';

export interface ClockSignal {
  requestId: string;
  cityCode: string;
  cycle: number;
  clock: string;
  at: string;
  deadline: string;
}

/**
 * An SLA warning tells the assignee (the city managers while nobody holds the request).
 * The notification id is the warning's natural key, so a repeated event stores nothing new.
 */
export async function notifySlaWarning(deps: AssignmentDeps, data: ClockSignal & { threshold: number }): Promise<Notification[]> {
  const current = await deps.cases.latest(data.requestId);
  if (current && current.state.status === 'closed') return [];
  const cityCode = current?.state.cityCode ?? data.cityCode;
  const assignee = current?.state.status === 'assigned' ? current.state.assigneeId : null;
  const recipients = assignee ? [assignee] : await deps.users.managers(cityCode);
  const notes: Notification[] = recipients.map((userId) => ({
    id: `${data.requestId}:${data.cycle}:${data.clock}:w${data.threshold}:${userId}`,
    userId,
    requestId: data.requestId,
    kind: 'sla_warning',
    cityCode,
    message: `${data.threshold}% of the ${data.clock} target of request ${data.requestId} has passed; deadline ${data.deadline}`,
    at: new Date(data.at),
  }));
  await deps.notifications.add(notes);
  return notes;
}
