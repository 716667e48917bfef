import fc from 'fast-check';
import { ValidationError } from '@metrodesk/errors';
import { NO_FLAGS, type Enterprise, type RegionData } from '../../src/domain/enterprise';
import { planChange, transition } from '../../src/domain/changes';
import { NO_RECORDS } from '../../src/domain/records';
import { addContact, maskPhone, removeContact, updateContact, type Contact } from '../../src/domain/contact';
import { cursorFor, decodeCursor, encodeCursor, escapeRegex, parseSort } from '../../src/domain/cursor';
import { mapHeader, parseImportRow } from '../../src/domain/import-row';
import { addDays, bureauDay } from '../../src/domain/outreach';
import { checkRegionData } from '../../src/domain/regions';
import { makeUscc } from '@metrodesk/codes';

const regions: RegionData = {
  province: { code: '210000', name: '辽宁省' },
  cities: [
    { code: '210100', name: '沈阳市', districts: [{ code: '210102', name: '和平区' }] },
    { code: '210200', name: '大连市', districts: [] },
  ],
};
const uscc = makeUscc('9', '1', '210102', '12345678');
const base: Enterprise = {
  id: 'e1', uscc, name: '甲', nameEn: null, provinceCode: '210000', cityCode: '210100', districtCode: null, address: null, industry: null, size: null,
  status: 'active', tags: [], flags: { ...NO_FLAGS }, records: NO_RECORDS, version: 3, createdAt: new Date(0), updatedAt: new Date(0),
};

describe('planChange', () => {
  it('reports only what really changed, flags separately', () => {
    const c = planChange(base, { name: '甲', industry: '化工', tags: ['a', ' a ', 'b'] }, { contactPoint: true, keyEnergyUnit: false });
    expect(c.changed).toEqual(['industry', 'tags', 'flags.contactPoint']);
    expect(c.flagChanges).toEqual([{ flag: 'contactPoint', value: true }]);
    expect(c.next.tags).toEqual(['a', 'b']);
    expect(c.next.version).toBe(3);
    expect(planChange(c.next, { industry: '化工', tags: ['a', 'b'] }, { contactPoint: true }).changed).toEqual([]);
  });

  it('needs a signing date for an integrity commitment and drops it when cleared', () => {
    expect(() => planChange(base, {}, { integrityCommitment: true })).toThrow(ValidationError);
    const set = planChange(base, {}, { integrityCommitment: true, integrityCommitmentSignedOn: '2026-01-01' }).next;
    expect(set.flags.integrityCommitmentSignedOn).toBe('2026-01-01');
    const cleared = planChange(set, {}, { integrityCommitment: false, integrityCommitmentSignedOn: null });
    expect(cleared.next.flags).toMatchObject({ integrityCommitment: false, integrityCommitmentSignedOn: null });
  });

  it('turns blank optional text into null', () => {
    expect(planChange({ ...base, address: 'x' }, { address: '  ' }).next.address).toBeNull();
  });

  it('allows only closing an active and reopening a closed enterprise', () => {
    expect(transition(base, 'closed').status).toBe('closed');
    expect(() => transition(base, 'active')).toThrow(/already active/);
  });
});

describe('contacts', () => {
  const c = (id: string, primary = false): Contact => ({ id, name: id, role: null, phone: null, email: null, primary, createdAt: new Date(0) });

  it('always keeps exactly one primary contact', () => {
    const ops = fc.array(fc.tuple(fc.constantFrom('add', 'addPrimary', 'promote', 'remove'), fc.nat(5)), { maxLength: 30 });
    fc.assert(
      fc.property(ops, (steps) => {
        let list: Contact[] = [];
        let n = 0;
        for (const [op, i] of steps) {
          const target = list[i % Math.max(list.length, 1)];
          if (op === 'add' || op === 'addPrimary') list = addContact(list, c(`c${n++}`, op === 'addPrimary'));
          else if (target && op === 'promote') list = updateContact(list, target.id, { primary: true });
          else if (target) list = removeContact(list, target.id);
          if (list.length > 0 && list.filter((x) => x.primary).length !== 1) return false;
        }
        return true;
      }),
    );
  });

  it('masks phone numbers', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138 1234 5678')).toBe('*********5678');
    expect(maskPhone('024-23456789')).toBe('*******6789');
    expect(maskPhone('123')).toBe('***');
    expect(maskPhone(null)).toBeNull();
  });
});

describe('cursor and sort', () => {
  it('round-trips any position and rejects anything else', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.integer()), fc.string(), (value, id) => expect(decodeCursor(encodeCursor({ field: 'name', value, id }))).toEqual({ field: 'name', value, id })));
    expect(() => decodeCursor('bm9wZQ')).toThrow(ValidationError);
    expect(() => cursorFor({ field: 'name', value: 'x', id: 'y' }, 'createdAt')).toThrow(expect.objectContaining({ fields: [{ path: 'query.cursor', message: 'belongs to a list sorted by name, not createdAt' }] }));
  });

  it('parses sort specs', () => {
    expect(parseSort('-name', ['name'] as const, 'name')).toEqual({ field: 'name', dir: -1 });
    expect(parseSort(undefined, ['name'] as const, 'name')).toEqual({ field: 'name', dir: 1 });
    expect(() => parseSort('address', ['name'] as const, 'name')).toThrow(ValidationError);
  });

  it('escapes every regex metacharacter', () => {
    fc.assert(fc.property(fc.string(), (s) => new RegExp(`^${escapeRegex(s)}$`).test(s)));
  });
});

describe('import rows', () => {
  const columns = mapHeader(['统一社会信用代码', '企业名称', 'cityCode', 'tags', 'contactPoint', 'whatever']);

  it('maps Chinese and English headings and ignores unknown columns', () => {
    expect(columns).toEqual(['uscc', 'name', 'cityCode', 'tags', 'contactPoint', null]);
    expect(() => mapHeader(['name'])).toThrow(ValidationError);
  });

  it('parses a good row', () => {
    expect(parseImportRow(columns, [uscc.toLowerCase(), ' 甲 ', '210100', 'a；b, a', '是', 'x'], regions)).toEqual({
      uscc,
      fields: { name: '甲', cityCode: '210100', tags: ['a', 'b'] },
      flags: { contactPoint: true },
    });
  });

  it('reports every problem of a bad row at once', () => {
    try {
      parseImportRow(columns, ['123', '', '999999', '', 'perhaps'], regions);
      throw new Error('expected a ValidationError');
    } catch (err) {
      expect((err as ValidationError).fields.map((f) => f.path).sort()).toEqual(['cityCode', 'contactPoint', 'name', 'uscc']);
    }
  });
});

describe('days and regions', () => {
  it('counts the bureau day in Asia/Shanghai', () => {
    expect(bureauDay(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('rejects a district outside its city', () => {
    expect(() => checkRegionData({ ...regions, cities: [{ code: '210100', name: 'x', districts: [{ code: '210202', name: 'y' }] }] })).toThrow(ValidationError);
    expect(checkRegionData(regions)).toBe(regions);
  });
});
