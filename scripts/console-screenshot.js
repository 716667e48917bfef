// Takes the README's screenshot of the console (docs/console.png) from a running, seeded
// Metrodesk, with Debian's Chromium through playwright-core (as test/e2e does):
//   node scripts/console-screenshot.js [username] [password]
// GATEWAY_URL (http://127.0.0.1:4000) says where the console is. Chinese text needs a CJK font
// (Debian: apt-get install fonts-wqy-microhei), else it renders as empty boxes.
const { join } = require('node:path');
const { chromium } = require(require.resolve('playwright-core', { paths: [join(__dirname, '..', 'test')] }));

async function main() {
  const base = process.env.GATEWAY_URL || 'http://127.0.0.1:4000';
  const [username = 'cm-210100', password = process.env.DEMO_PASSWORD || 'Metrodesk2026'] = process.argv.slice(2);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${base}/login`);
    await page.locator('input[name=username]').fill(username);
    await page.locator('input[name=password]').fill(password);
    await page.locator('button[type=submit]').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.getByTestId('who').waitFor();
    // The home screen's figures load after the frame: wait until the network is quiet.
    await page.waitForLoadState('networkidle');
    const out = join(__dirname, '..', 'docs', 'console.png');
    await page.screenshot({ path: out });
    console.log(`wrote ${out} (${page.url()})`);
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(`[screenshot] failed: ${err.message}`);
  process.exit(1);
});
