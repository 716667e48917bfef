// Last year's programme records, as the bureau keeps them: the province runs the two
// livelihood campaigns of DOMAIN.md ("公平计量进市场" and "强计量 惠民生") with every seeded
// city taking part, and each city manager records the city's activities under them, a few a
// quarter. The year's totals follow the proportions of a real provincial year (476 markets and
// 1,518 supermarkets, 18,108 instruments checked; 11,260 person-times served and 21,610
// instruments verified free of charge), shared among the cities by size and scaled by
// SEED_PROGRAMME_SCALE. Campaigns are looked up by name and year first, and an activity
// already recorded (same city, day and venue kind) answers 409, so a second run adds nothing.
const { shares } = require('./seed-history');

const YEAR_TOTALS = {
  market: { venues: 476, instrumentsChecked: 4400 },
  supermarket: { venues: 1518, instrumentsChecked: 13708 },
};
const LIVELIHOOD_TOTALS = { peopleServed: 11260, instrumentsVerifiedFree: 21610 };
const LIVELIHOOD_VENUES = ['enterprise', 'school', 'community', 'hospital'];

/** `total` split over `n` parts that sum to it exactly. */
const split = (total, n) => Array.from({ length: n }, (_, i) => Math.floor((total * (i + 1)) / n) - Math.floor((total * i) / n));

async function campaign(province, year, body) {
  const found = await province.must('GET', `/programmes/campaigns?programme=${body.programme}&year=${year}`);
  const hit = (found.items ?? found).find((c) => c.name === body.name);
  return hit ?? province.must('POST', '/programmes/campaigns', body);
}

async function seedProgrammes(ctx) {
  const { managers, province, sizes, pool } = ctx;
  const year = new Date().getFullYear() - 1;
  const codes = ctx.cities.map(([code]) => code);
  const scale = sizes.programmeScale;
  const period = { startDate: `${year}-01-01`, endDate: `${year}-12-31`, cityCodes: codes, organiser: { kind: 'province' } };
  const markets = await campaign(province, year, { ...period, name: `${year}年公平计量进市场专项行动`, programme: 'livelihood', description: '集贸市场、商场超市计量器具专项检查' });
  const people = await campaign(province, year, { ...period, name: `${year}年"强计量 惠民生"专项活动`, programme: 'livelihood', description: '走进企业、学校、社区、医院，免费检定计量器具' });
  const weight = (total) => shares(Math.round(total * scale), codes);
  const plan = [];
  for (const [kind, t] of Object.entries(YEAR_TOTALS)) {
    const venues = weight(t.venues);
    const checked = weight(t.instrumentsChecked);
    for (const code of codes) {
      // One activity a quarter, mid-month, each with its share of the city's year.
      const v = split(venues[code], 4);
      const c = split(checked[code], 4);
      for (let q = 0; q < 4; q++) plan.push({ campaign: markets.id, code, body: { cityCode: code, date: `${year}-${String(q * 3 + 2).padStart(2, '0')}-${kind === 'market' ? 12 : 15}`, venueKind: kind, venues: v[q], instrumentsChecked: c[q], problemsFound: Math.floor(c[q] / 150) } });
    }
  }
  const served = weight(LIVELIHOOD_TOTALS.peopleServed);
  const free = weight(LIVELIHOOD_TOTALS.instrumentsVerifiedFree);
  for (const code of codes) {
    const p = split(served[code], LIVELIHOOD_VENUES.length);
    const f = split(free[code], LIVELIHOOD_VENUES.length);
    LIVELIHOOD_VENUES.forEach((venueKind, i) =>
      plan.push({ campaign: people.id, code, body: { cityCode: code, date: `${year}-${String(4 + i * 2).padStart(2, '0')}-20`, venueKind, venues: 1 + Math.floor(p[i] / 400), instrumentsChecked: f[i], instrumentsVerifiedFree: f[i], peopleServed: p[i], mediaReports: i === 0 ? 1 : 0 } }),
    );
  }
  let recorded = 0;
  await pool(plan, 4, async (a) => {
    const r = await managers[a.code].must('POST', `/programmes/campaigns/${a.campaign}/activities`, a.body, {}, [201, 409]);
    if (r && r.id) recorded += 1;
  });
  return { year, campaigns: 2, activities: plan.length, recorded };
}

module.exports = { seedProgrammes };
