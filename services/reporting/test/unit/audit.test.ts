import { auditEntryOf, auditLine, page, byTime, localTime, type AuditSource } from '../../src/domain/audit';
import { csvTable } from '../../src/domain/report';

const ent = { enterpriseId: 'e1', version: 2, name: '甲厂', cityCode: '210100', industry: '制药', flags: { keyEnergyUnit: true } };
const src = (over: Partial<AuditSource>): AuditSource => ({ id: 'ev1', type: 'accounts.enterprise.updated', time: '2030-01-01T00:00:00.000Z', subject: 'e1', data: { ...ent, changed: ['industry'] }, ...over });

describe('audit entries', () => {
  it('records a change to an enterprise only when the event names who made it', () => {
    expect(auditEntryOf(src({}))).toBeNull();
    const entry = auditEntryOf(src({ actorid: 'u1', actorrole: 'liaison', actorname: '王芳' }))!;
    expect(entry).toMatchObject({ kind: 'enterprise', enterpriseId: 'e1', cityCode: '210100', actor: { id: 'u1', role: 'liaison', name: '王芳' }, changes: [{ field: 'industry', before: null, after: '制药' }] });
  });

  it("always records a request's lifecycle step, taking the actor from the data when the envelope has none", () => {
    const entry = auditEntryOf(src({ type: 'requests.request.responded', subject: 'r1', data: { requestId: 'r1', enterpriseId: 'e1', cityCode: '210100', by: 'u2' } }))!;
    expect(entry).toMatchObject({ kind: 'request', requestId: 'r1', enterpriseId: 'e1', actor: { id: 'u2', role: 'unknown', name: null } });
    expect(auditLine(entry, new Map(), 'en')).toMatchObject({ actorName: 'Unknown', actorRole: 'Unknown' });
    expect(auditLine(entry, new Map([['u2', '王芳']]), 'zh-CN')).toMatchObject({ actorName: '王芳', actorRole: '未知' });
    expect(auditEntryOf(src({ type: 'requests.request.visit-scheduled' }))).toBeNull();
  });

  it("names a routing-rules change by the city, the liaisons and the bureau it sends work to", () => {
    const entry = auditEntryOf(src({ type: 'assignment.rules.changed', subject: '210100', actorid: 'c', actorrole: 'city_manager', data: { cityCode: '210100', version: 3, categories: [{ category: 'other', liaisonIds: ['z', 'q'] }], previous: [{ category: 'other', routeToCityCode: '210000' }, { category: 'test_solution' }] } }))!;
    expect(entry).toMatchObject({ kind: 'rules', subjectId: '210100', cityCode: '210100', requestId: null });
    const names = new Map([['z', '周杰'], ['210000', '省局'], ['210100', '沈阳市']]);
    expect(auditLine(entry, names, 'zh-CN')).toMatchObject({ subject: '分派规则 沈阳市', changes: '其他: 转至 省局 → 仅限 周杰、一名联络员' });
  });

  it('shows names and words, never ids or codes', () => {
    const entry = auditEntryOf(src({ type: 'accounts.enterprise.flagged', actorid: 'u9', actorrole: 'city_manager', data: { ...ent, flag: 'keyEnergyUnit', value: true } }))!;
    expect(auditLine(entry, new Map(), 'en')).toMatchObject({ what: 'Changed a flag of the enterprise', actorName: 'City manager', actorRole: 'City manager', changes: 'Key energy-using unit: no → yes' });
    expect(auditLine(entry, new Map([['u9', '陈明']]), 'zh-CN')).toMatchObject({ actorName: '陈明', changes: '重点用能单位: 否 → 是' });
    expect(auditLine({ ...entry, actor: { id: 'system', role: 'service', name: null } }, new Map(), 'zh-CN').actorName).toBe('系统');
  });

  it("reads a request's states in the audit as the request itself names them", () => {
    const entry = auditEntryOf(src({ type: 'requests.request.status-changed', subject: 'r1', actorid: 'm', actorrole: 'city_manager', data: { requestId: 'r1', enterpriseId: 'e1', cityCode: '210100', from: 'filed', to: 'assigned', by: 'm' } }))!;
    expect(auditLine(entry, new Map(), 'zh-CN').changes).toContain('已提交 → 已派单');
    expect(auditLine(entry, new Map(), 'en').changes).toContain('Filed → Assigned');
  });

  it('pages oldest first after a cursor and reads times in Asia/Shanghai', () => {
    const e = (id: string, at: string) => auditEntryOf(src({ id, time: at, actorid: 'u', actorrole: 'admin' }))!;
    const sorted = [e('b', '2030-01-02T00:00:00Z'), e('a', '2030-01-01T00:00:00Z'), e('c', '2030-01-02T00:00:00Z')].sort(byTime);
    expect(sorted.map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(page(sorted, undefined, 2)).toMatchObject({ items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'b' });
    expect(page(sorted, 'b', 2)).toMatchObject({ items: [{ id: 'c' }], nextCursor: null });
    expect(localTime('2030-01-01T17:30:00.000Z')).toBe('2030-01-02 01:30');
  });

  it('writes CSV cells a spreadsheet will not run as formulas', () => {
    expect(csvTable(['时间', 'By'], [['=HYPERLINK("x")', 'a,b']]).toString('utf8')).toBe('\uFEFF时间,By\r\n"\'=HYPERLINK(""x"")","a,b"\r\n');
  });
});
