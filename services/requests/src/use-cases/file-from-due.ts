import { INSTRUMENT_CLASS_WORDS, type instrumentsDue } from '@metrodesk/contracts';
import type { z } from 'zod';
import { addDue, countsOf, type DueInstrument } from '../domain/due-instruments';
import type { RequestsDeps } from './ports';
import { newRequest, numbered } from './file-request';
import { filedEvent } from './request-events';
import { stableRequestId } from './file-from-problem';

export type InstrumentsDue = z.infer<(typeof instrumentsDue)['data']>;

/** One request per due event: the event id names it, so a repeated event finds the request it filed. */
export const requestIdForDue = (eventId: string) => stableRequestId(`instruments-due:${eventId}`);

const SYSTEM = { userId: 'system', role: 'service' as const };

/** The request's words, in Chinese: its readers are the enterprise and its city's liaisons. */
function wording(d: InstrumentsDue): { title: string; description: string } {
  const overdue = d.instruments.filter((i) => i.overdue).length;
  const title = `计量器具检定到期提醒：${d.instruments.length} 台${overdue > 0 ? `（其中 ${overdue} 台已逾期）` : ''}`;
  const lines = d.instruments.map((i) => {
    const what = [INSTRUMENT_CLASS_WORDS[i.instrumentClass]['zh-CN'], i.model, `出厂编号 ${i.serialNo}`].filter(Boolean).join(' ');
    const where = i.location ? `，使用地点 ${i.location}` : '';
    return `- ${what}${where}：${i.overdue ? '已于' : '应于'} ${i.nextDueOn} ${i.overdue ? '到期，已逾期' : '前检定'}${i.compulsory ? '（强制检定）' : ''}`;
  });
  return { title, description: `以下计量器具检定即将到期或已逾期，计量部门主动联系安排检定：\n${lines.join('\n')}` };
}

const listed = (d: InstrumentsDue): DueInstrument[] =>
  d.instruments.map((i) => ({ instrumentId: i.instrumentId, instrumentClass: i.instrumentClass, model: i.model, serialNo: i.serialNo, location: i.location, compulsory: i.compulsory, nextDueOn: i.nextDueOn, overdue: i.overdue, result: null }));

/**
 * Opens the bureau's own request for an enterprise's instruments falling due (未诉先办), or adds
 * them to the enterprise's open proactive request. The event id is recorded with the change in
 * the same write, so a redelivered event (even after a crash) finds it and adds nothing.
 */
export async function fileFromDue(deps: RequestsDeps, eventId: string, d: InstrumentsDue, at: Date): Promise<{ created: boolean; requestId: string }> {
  const id = requestIdForDue(eventId);
  if (await deps.requests.findById(id)) return { created: false, requestId: id };
  const open = await deps.requests.findOpenProactive(d.enterpriseId);
  if (open) {
    if (open.dueEventIds?.includes(eventId)) return { created: false, requestId: open.id };
    const change = addDue(open, listed(d), eventId, at);
    if (change) {
      await deps.requests.save({ ...change.next, version: open.version + 1 }, open.version, { history: [change.history] }, []);
    }
    return { created: false, requestId: open.id };
  }
  const known = await deps.enterprises.findById(d.enterpriseId);
  const enterprise = { id: d.enterpriseId, name: known?.name ?? '', cityCode: d.cityCode, status: 'active' as const, version: known?.version ?? 0 };
  const dueInstruments = listed(d);
  const instruments = countsOf(dueInstruments);
  // An overdue compulsory instrument may not lawfully be used: that is urgent.
  const urgent = d.instruments.some((i) => i.overdue && i.compulsory);
  const r = await numbered(deps, {
    ...newRequest(enterprise, { category: 'verification_calibration', ...wording(d), instruments, priority: urgent ? 'urgent' : 'normal' }, SYSTEM, at, id),
    enterpriseName: known?.name ?? null,
    source: 'proactive' as const,
    dueInstruments,
    dueEventIds: [eventId],
  });
  const stored = await deps.requests.insert(r, [filedEvent(r, eventId)]);
  return { created: stored.created, requestId: id };
}
