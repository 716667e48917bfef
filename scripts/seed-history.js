// Last year's service requests, brought in the way a bureau migrating its earlier system would:
// each city manager imports the city's past tickets through POST /api/requests/requests/import
// (one call per city: all or nothing, each row with its own dates and end state). References are
// fixed per city and year, so a second seed run imports nothing twice. The seed then reads
// reporting's figures for that year until every city shows what it imported.

/** Relative size of each city's year (Shenyang and Dalian are the big ones), by city code. */
const CITY_WEIGHT = {
  210100: 1.8, 210200: 1.7, 210300: 1.1, 210400: 0.8, 210500: 0.6, 210600: 0.8, 210700: 0.9,
  210800: 0.9, 210900: 0.6, 211000: 0.7, 211100: 0.8, 211200: 1.0, 211300: 0.7, 211400: 0.7,
};
/** Requests by month: quiet around the Spring Festival, busy in spring and autumn. */
const MONTH_WEIGHT = [0.5, 0.45, 1.0, 1.1, 1.15, 1.1, 0.9, 0.85, 1.1, 1.05, 1.15, 0.95];
/** Category, share, solution kind, and the instruments its visits verify. */
const MIX = [
  ['verification_calibration', 0.34, 'on_site_verification', ['pressure_gauge', 'electricity_meter', 'weighing_instrument']],
  ['emergency_verification', 0.08, 'on_site_verification', ['gas_alarm']],
  ['management_system', 0.1, 'management_system_help', []],
  ['test_solution', 0.12, 'test_solution', ['flow_meter']],
  ['energy_metrology', 0.12, 'technical_advice', ['electricity_meter', 'heat_meter']],
  ['training_request', 0.08, 'training', []],
  ['product_development', 0.05, 'technical_advice', []],
  ['other', 0.11, 'other', []],
];
const TITLES = {
  verification_calibration: '计量器具周期检定',
  emergency_verification: '燃气报警器应急检定',
  management_system: '测量管理体系建设指导',
  test_solution: '在线测量方案咨询',
  energy_metrology: '能源计量器具配备核查',
  training_request: '企业计量人员培训',
  product_development: '新产品研发计量支持',
  other: '计量法规咨询',
};

function weighted(rand, items, weightOf) {
  const total = items.reduce((s, x) => s + weightOf(x), 0);
  let r = rand() * total;
  for (const x of items) if ((r -= weightOf(x)) < 0) return x;
  return items[items.length - 1];
}

/** How many of `total` each city gets, by weight; every city at least one. */
function shares(total, codes) {
  const sum = codes.reduce((s, c) => s + (CITY_WEIGHT[c] ?? 1), 0);
  return Object.fromEntries(codes.map((c) => [c, Math.max(1, Math.round((total * (CITY_WEIGHT[c] ?? 1)) / sum))]));
}

const HOUR = 3600_000;
/** An instant as Shanghai wall time with its offset, as a bureau's export would write it. */
const shanghai = (ms) => `${new Date(ms + 8 * HOUR).toISOString().slice(0, 19)}+08:00`;

/** A random source of its own per city and year, so a second seed sends the very same rows. */
function cityRandom(code, year) {
  let x = (Number(code) * 31 + year) % 2147483648;
  return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
}

/** One city's year of past requests, as import rows: the same rows for the same city, year and enterprises. */
function historyRows({ code, year, count, enterprises, now }) {
  const rand = cityRandom(code, year);
  const rows = [];
  for (let i = 0; i < count; i++) {
    const month = weighted(rand, MONTH_WEIGHT.map((w, m) => [m, w]), (x) => x[1])[0];
    const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const filed = Date.UTC(year, month, 1 + Math.floor(rand() * days), 0, 0) + (8 + rand() * 9) * HOUR - 8 * HOUR;
    const [category, , kind, classes] = weighted(rand, MIX, (x) => x[1]);
    const r = rand();
    // Nearly all answered within the day, a few later, a few never recorded.
    const responded = r < 0.9 ? filed + (0.3 + rand() * 20) * HOUR : r < 0.97 ? filed + (26 + rand() * 40) * HOUR : null;
    const workDays = category === 'emergency_verification' ? 0.5 + rand() * 1.5 : 2 + rand() * 18;
    const resolved = Math.max(responded ?? filed, filed) + workDays * 24 * HOUR;
    const closedAt = resolved + (1 + rand() * 6) * 24 * HOUR;
    const open = rand() < 0.05 || closedAt > now;
    const s = rand();
    const satisfaction = open ? null : s < 0.09 ? null : s < 0.62 ? 5 : s < 0.9 ? 4 : s < 0.97 ? 3 : 2;
    const instruments = classes.length > 0 && (kind === 'on_site_verification' || rand() < 0.5) ? [{ class: classes[Math.floor(rand() * classes.length)], count: 3 + Math.floor(rand() * 60) }] : [];
    rows.push({
      externalRef: `LN-${code}-${year}-${String(i + 1).padStart(5, '0')}`,
      enterpriseId: enterprises[Math.floor(rand() * enterprises.length)].id,
      category,
      title: TITLES[category],
      priority: category === 'emergency_verification' ? 'emergency' : rand() < 0.15 ? 'urgent' : 'normal',
      filedAt: shanghai(filed),
      respondedAt: responded === null ? null : shanghai(responded),
      resolvedAt: shanghai(resolved),
      solved: rand() < 0.93,
      solutionKind: kind,
      state: open ? 'resolved' : 'closed',
      closedAt: open ? null : shanghai(closedAt),
      satisfaction,
      instrumentsVerified: instruments,
      freeOfCharge: instruments.length > 0 && rand() < 0.6,
    });
  }
  return rows.filter((row) => Date.parse(row.resolvedAt) <= now);
}

/**
 * Imports last year's requests of every seeded city (city managers, in parallel two at a time).
 * Requests learns enterprises from accounts' events: a just-registered enterprise may be
 * unknown to it for a moment, which the import names (400 on the enterprise column) and the
 * seed retries, within the deadline. `historyCounted` then checks reporting's figures.
 */
async function seedHistory(ctx) {
  const { managers, province, byCity, sizes, until, pool } = ctx;
  const year = new Date().getFullYear() - 1;
  const now = Date.now();
  const codes = ctx.cities.map(([code]) => code);
  const counts = shares(sizes.historyRequests, codes);
  const byCode = {};
  await pool(codes, 2, async (code) => {
    const rows = historyRows({ code, year, count: counts[code], enterprises: byCity[code], now });
    const report = { imported: 0, alreadyImported: 0 };
    // Batches of 250 rows, each all or nothing, as a bureau would send a long file in parts.
    for (let i = 0; i < rows.length; i += 250) {
      const batch = rows.slice(i, i + 250);
      const r = await until(`requests to take ${code}'s history (its enterprises known, the service answering)`, sizes.waitSeconds, async () => {
        const res = await managers[code].call('POST', '/requests/requests/import?lang=en', { rows: batch });
        if (res.status === 200 || res.status === 201) return res.body;
        // Retrying is safe: a row imported before is counted, never imported twice.
        if ([502, 503, 504].includes(res.status)) return undefined;
        const onlyUnknown = res.status === 400 && Array.isArray(res.body?.errors) && res.body.errors.every((e) => e.path.endsWith('.enterpriseId'));
        if (!onlyUnknown) throw new Error(`history import of ${code}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
        return undefined;
      });
      report.imported += r.imported;
      report.alreadyImported += r.alreadyImported;
    }
    // Reporting counts a problem solved on the day it was resolved: December's may fall in January.
    const solved = rows.filter((x) => x.solved && x.resolvedAt.startsWith(`${year}-`)).length;
    byCode[code] = { rows: rows.length, imported: report.imported, alreadyImported: report.alreadyImported, solved };
  });
  return { year, byCity: byCode, imported: Object.values(byCode).reduce((n, c) => n + c.imported, 0) };
}

/**
 * Waits until reporting shows at least the imported requests of that year in each city (and
 * their problems solved), and returns its figures. Nothing else in the seed needs these
 * figures, so the seed checks them beside its later steps rather than before them.
 */
async function historyCounted(ctx, history) {
  const { province, sizes, until, pool } = ctx;
  const { year, byCity } = history;
  const figures = {};
  await pool(Object.keys(byCity), 4, async (code) => {
    // Reporting takes in every city's year at once: allow it three deadlines.
    figures[code] = await until(`reporting to count ${code}'s ${year} history`, sizes.waitSeconds * 3, async () => {
      const s = await province.must('GET', `/reporting/reports/summary?period=${year}&region=${code}`);
      return s.requests.total >= byCity[code].rows && s.problemsSolved >= byCity[code].solved ? { requests: s.requests.total, problemsSolved: s.problemsSolved } : undefined;
    });
  });
  return figures;
}

module.exports = { seedHistory, historyCounted, historyRows, shares };
