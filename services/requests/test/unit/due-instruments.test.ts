import { addDue, acceptVisit, proposeVisit, recordResults, canRecordVerified, type DueInstrument } from '../../src/domain/due-instruments';
import type { ServiceRequest } from '../../src/domain/request';
import { aRequest } from '../fixtures/requests';

const at = new Date('2026-06-10T02:00:00Z');
const today = '2026-06-10';
const liaison = { userId: 'l-1', role: 'liaison' as const, name: '王联络' };
const owner = { userId: 'u-1', role: 'enterprise' as const };
const due = (id: string, over: Partial<DueInstrument> = {}): DueInstrument => ({
  instrumentId: id, instrumentClass: 'pressure_gauge', model: null, serialNo: `SN-${id}`, location: null, compulsory: true, nextDueOn: '2026-06-20', overdue: false, result: null, ...over,
});
const proactive = (over: Partial<ServiceRequest> = {}): ServiceRequest => aRequest({ source: 'proactive', state: 'filed', dueInstruments: [due('a'), due('b', { instrumentClass: 'gas_alarm' })], dueEventIds: ['e-1'], ...over } as Partial<ServiceRequest>);

describe('adding a later due event to an open proactive request', () => {
  it('adds only the instruments not listed yet, recounts the classes and says how many in words', () => {
    const c = addDue(proactive(), [due('a'), due('c', { instrumentClass: 'flow_meter', overdue: true })], 'e-2', at)!;
    expect(c.next.dueInstruments.map((i) => i.instrumentId)).toEqual(['a', 'b', 'c']);
    expect(c.next.instruments).toEqual([{ class: 'pressure_gauge', count: 1, model: null }, { class: 'gas_alarm', count: 1, model: null }, { class: 'flow_meter', count: 1, model: null }]);
    expect(c.next.dueEventIds).toEqual(['e-1', 'e-2']);
    expect(c.next.priority).toBe('urgent');
    expect(c.history).toMatchObject({ action: 'instruments_added', note: '新到期器具 1 件', from: 'filed', to: 'filed' });
  });

  it('changes nothing when every instrument is listed already', () => {
    expect(addDue(proactive(), [due('b')], 'e-2', at)).toBeNull();
  });
});

describe('the visit day', () => {
  it('is proposed on an open proactive request only, never in the past', () => {
    expect(proposeVisit(proactive(), '2026-06-15', today, liaison, at).next.visitProposal).toMatchObject({ date: '2026-06-15', byName: '王联络', acceptedAt: null });
    expect(() => proposeVisit(proactive(), '2026-06-09', today, liaison, at)).toThrow(expect.objectContaining({ fields: [expect.objectContaining({ path: 'date' })] }));
    expect(() => proposeVisit(proactive({ source: 'filed' }), '2026-06-15', today, liaison, at)).toThrow(expect.objectContaining({ code: 'illegal_transition' }));
    expect(() => proposeVisit(proactive({ state: 'resolved' }), '2026-06-15', today, liaison, at)).toThrow(expect.objectContaining({ code: 'illegal_transition' }));
  });

  it('becomes the preferred date when the enterprise accepts it, once', () => {
    const proposed = proposeVisit(proactive(), '2026-06-15', today, liaison, at).next;
    const accepted = acceptVisit(proposed, owner, at);
    expect(accepted.next).toMatchObject({ preferredDate: '2026-06-15', visitProposal: { acceptedBy: 'u-1' } });
    expect(() => acceptVisit(accepted.next, owner, at)).toThrow(expect.objectContaining({ code: 'no_visit_proposal' }));
    expect(() => acceptVisit(proactive(), owner, at)).toThrow(expect.objectContaining({ code: 'no_visit_proposal' }));
  });
});

describe('results for listed instruments', () => {
  it('records them with their certificates and says when every one was verified elsewhere', () => {
    const some = recordResults(proactive(), [{ instrumentId: 'a', certificateNo: 'ZS-1', verifiedOn: today }], 'verified_elsewhere', today, owner, at);
    expect(some.allElsewhere).toBe(false);
    expect(some.recorded).toEqual([expect.objectContaining({ instrumentId: 'a', result: expect.objectContaining({ outcome: 'verified_elsewhere', certificateNo: 'ZS-1' }) })]);
    expect(some.history.note).toBe(`已在他处检定：压力表 SN-a（证书 ZS-1，${today}）`);
    const all = recordResults(some.next, [{ instrumentId: 'b', certificateNo: 'ZS-2', verifiedOn: today }], 'verified_elsewhere', today, owner, at);
    expect(all.allElsewhere).toBe(true);
  });

  it('names each failing item: not listed, answered already, named twice, a future day, a file not attached', () => {
    const answered = proactive({ dueInstruments: [due('a', { result: { outcome: 'verified', certificateNo: 'X', verifiedOn: today, attachmentId: null, by: 'l-1', at } }), due('b')] });
    const items = [
      { instrumentId: 'zzz', certificateNo: 'C', verifiedOn: today },
      { instrumentId: 'a', certificateNo: 'C', verifiedOn: today },
      { instrumentId: 'b', certificateNo: 'C', verifiedOn: '2026-06-11', attachmentId: 'no-file' },
      { instrumentId: 'b', certificateNo: 'C', verifiedOn: today },
    ];
    try {
      recordResults(answered, items, 'verified_elsewhere', today, owner, at);
      throw new Error('accepted');
    } catch (err) {
      expect((err as { fields: { path: string }[] }).fields.map((e) => e.path)).toEqual(['items.0.instrumentId', 'items.1.instrumentId', 'items.2.verifiedOn', 'items.2.attachmentId', 'items.3.instrumentId']);
    }
  });

  it('lets the bureau name verified instruments once a visit is completed or the request resolved', () => {
    expect(canRecordVerified(proactive())).toBe(false);
    expect(canRecordVerified(proactive({ state: 'resolved' }))).toBe(true);
    expect(canRecordVerified(proactive({ visits: [{ status: 'completed' } as ServiceRequest['visits'][number]] }))).toBe(true);
  });
});
