import { ValidationError } from '@metrodesk/errors';
import { checkActivity, changedFields, linkedRequests, type ActivityInput } from '../../src/domain/activity';
import { checkCampaign, type CampaignInput } from '../../src/domain/campaign';
import { mapHeader, parseRow, toRawRow } from '../../src/domain/import-row';
import { loadRegions } from '@metrodesk/codes';
import { Regions } from '../../src/domain/regions';

const regions = new Regions(loadRegions());
const campaign = { startDate: '2026-03-01', endDate: '2026-06-30', cityCodes: ['210100', '211200'] };
const activity = (over: Partial<ActivityInput> = {}): ActivityInput => ({
  cityCode: '210100', date: '2026-03-15', venueKind: 'market', venues: 3, instrumentsChecked: 120, instrumentsVerifiedFree: 40, peopleServed: 0, problemsFound: 2, mediaReports: 1, problems: [], notes: null, ...over,
});
const fieldsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as ValidationError).fields.map((f) => f.path);
  }
  return [];
};

describe('activity rules', () => {
  it('accepts an activity of a participating city within the period', () => {
    expect(checkActivity(campaign, activity())).toEqual([]);
    expect(checkActivity(campaign, activity({ date: '2026-03-01', instrumentsVerifiedFree: 120 }))).toEqual([]);
    expect(checkActivity(campaign, activity({ date: '2026-06-30' }))).toEqual([]);
  });

  it('names the field of each broken rule', () => {
    expect(checkActivity(campaign, activity({ instrumentsVerifiedFree: 121 })).map((p) => p.path)).toEqual(['instrumentsVerifiedFree']);
    expect(checkActivity(campaign, activity({ date: '2026-02-28' })).map((p) => p.path)).toEqual(['date']);
    expect(checkActivity(campaign, activity({ date: '2026-07-01' })).map((p) => p.path)).toEqual(['date']);
    expect(checkActivity(campaign, activity({ cityCode: '210200' })).map((p) => p.path)).toEqual(['cityCode']);
    expect(checkActivity(campaign, activity({ problemsFound: 0, problems: [{ description: '电子秤未检定', requestId: null }] })).map((p) => p.path)).toEqual(['problems']);
  });

  it('lists linked requests once and names changed fields', () => {
    const a = activity({ problems: [{ description: 'a', requestId: 'r-1' }, { description: 'b', requestId: null }, { description: 'c', requestId: 'r-1' }] });
    expect(linkedRequests(a)).toEqual(['r-1']);
    expect(changedFields(activity(), activity({ venues: 4, notes: 'x' }))).toEqual(['venues', 'notes']);
    expect(changedFields(activity(), activity())).toEqual([]);
  });
});

describe('campaign rules', () => {
  const input = (over: Partial<CampaignInput> = {}): CampaignInput => ({
    name: '公平计量进市场', programme: 'livelihood', organiser: { kind: 'province' }, startDate: '2026-03-01', endDate: '2026-06-30', cityCodes: ['210100'], description: null, ...over,
  });

  it('gives a province campaign the province as organiser and a city campaign its own city', () => {
    expect(checkCampaign(input(), regions)).toEqual({ organiser: { kind: 'province', code: '210000' }, cityCodes: ['210100'] });
    expect(checkCampaign(input({ organiser: { kind: 'city', code: '211200' }, cityCodes: [] }), regions)).toEqual({ organiser: { kind: 'city', code: '211200' }, cityCodes: ['211200'] });
  });

  it('names the field of each broken rule', () => {
    expect(fieldsOf(() => checkCampaign(input({ endDate: '2026-02-01' }), regions))).toEqual(['endDate']);
    expect(fieldsOf(() => checkCampaign(input({ cityCodes: [] }), regions))).toEqual(['cityCodes']);
    expect(fieldsOf(() => checkCampaign(input({ cityCodes: ['210100', '999900'] }), regions))).toEqual(['cityCodes.1']);
    expect(fieldsOf(() => checkCampaign(input({ organiser: { kind: 'province', code: '210100' } }), regions))).toEqual(['organiser.code']);
    expect(fieldsOf(() => checkCampaign(input({ organiser: { kind: 'city', code: '211200' }, cityCodes: ['210100'] }), regions))).toEqual(['cityCodes']);
  });
});

describe('import rows', () => {
  const header = ['城市', '日期', '场所类型', '场所数', '检查计量器具数', '免费检定计量器具数', '服务人次', '备注'];

  it('reads Chinese or English headings, city names and venue words', () => {
    const { columns, missing } = mapHeader(header);
    expect(missing).toEqual([]);
    const row = parseRow(toRawRow(columns, ['铁岭', '2026/3/5', '商场超市', '2', '1,200', '300', '', '五一前检查']), regions, undefined);
    expect(row).toEqual({ ok: true, input: expect.objectContaining({ cityCode: '211200', date: '2026-03-05', venueKind: 'supermarket', venues: 2, instrumentsChecked: 1200, instrumentsVerifiedFree: 300, peopleServed: 0, notes: '五一前检查' }) });
    const en = mapHeader(['Date', 'Venue kind', 'Instruments checked']);
    expect(parseRow(toRawRow(en.columns, ['2026-03-05', 'School', '7']), regions, '210100')).toEqual({ ok: true, input: expect.objectContaining({ cityCode: '210100', venueKind: 'school', instrumentsChecked: 7 }) });
  });

  it('reports missing columns and bad cells by field', () => {
    expect(mapHeader(['城市', '日期']).missing).toEqual(['venueKind', 'instrumentsChecked']);
    const { columns } = mapHeader(header);
    const bad = parseRow(toRawRow(columns, ['火星市', '2026-02-30', '码头', '-1', 'abc', '', '', '']), regions, undefined);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.map((p) => p.path)).toEqual(['cityCode', 'date', 'venueKind', 'venues', 'instrumentsChecked']);
  });
});
