import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { makeUscc, USCC_ALPHABET } from '@metrodesk/codes';
import { apiAs, fileWhenKnown, makeUser, type Stack, type TestUser } from './stack';

export const SCREENSHOTS = join(__dirname, 'screenshots');
export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/**
 * Debian's chromium, never a downloaded browser. Playwright gives every launch a fresh
 * temporary --user-data-dir of its own (it refuses one passed in args); the other flags keep
 * Chromium off the network, which this machine closes.
 */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function newPage(browser: Browser, viewport = LAPTOP): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

export async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs in through the login form and waits for the role's home screen. */
export async function signIn(page: Page, stack: Stack, user: TestUser, home: RegExp): Promise<void> {
  await page.goto(`${stack.baseUrl}/login`);
  await page.locator('input[name=username]').fill(user.username);
  await page.locator('input[name=password]').fill(user.password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL(home);
  await page.getByTestId('who').waitFor();
}

/** Waits for the address to match, or fails at once with the console's error message if one shows. */
export async function arriveOrFail(page: Page, url: RegExp): Promise<void> {
  const alert = page.getByRole('alert').first();
  await Promise.race([
    page.waitForURL(url),
    alert.waitFor().then(async () => {
      throw new Error(`the console showed an error instead: ${await alert.textContent()}`);
    }),
  ]);
}

/** How many CSS pixels the page sticks out sideways (0 when it fits the viewport's width). */
export async function overflowX(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** snake_case words (two or more parts) and UUIDs: what a person should never read. */
export const CODE = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/;
export const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;

/** The lines of a text (a page, an exported file) that show a code or an id. */
export function codesIn(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => CODE.test(line) || UUID.test(line)).map((line) => `code or id shown: "${line.trim().slice(0, 120)}"`);
}

/** The lines of the rendered page that show a code or an id. */
export async function words(page: Page): Promise<string[]> {
  return codesIn(await page.evaluate(() => document.body.innerText));
}

/** Where each role lands after signing in. */
export const HOME: Record<TestUser['role'], RegExp> = {
  enterprise: /\/portal$/,
  liaison: /\/work$/,
  city_manager: /\/dashboard$/,
  province_manager: /\/dashboard$/,
  admin: /\/admin\/users$/,
};

/** A fresh zh-CN page, signed in as `user` (waiting for their home screen), then at `path` if given. */
export async function signedIn(browser: Browser, stack: Stack, user: TestUser, { viewport = LAPTOP, path }: { viewport?: { width: number; height: number }; path?: string } = {}) {
  const { context, page } = await newPage(browser, viewport);
  await signIn(page, stack, user, HOME[user.role]);
  if (path) await page.goto(`${stack.baseUrl}${path}`);
  return { context, page };
}

/**
 * Each screen at phone width, signed in as its user, shot once `ready` (a test id) shows and
 * the page is quiet; returns the screens that stick out sideways.
 */
export async function tooWideOnPhone(browser: Browser, stack: Stack, screens: { user: TestUser; path: string; ready?: string; name: string }[]): Promise<string[]> {
  const wide: string[] = [];
  for (const { user, path, ready, name } of screens) {
    const { context, page } = await signedIn(browser, stack, user, { viewport: PHONE, path });
    await (ready ? page.getByTestId(ready) : page.locator('main')).waitFor();
    await page.waitForLoadState('networkidle');
    await shot(page, name);
    const over = await overflowX(page);
    if (over > 0) wide.push(`${path}: ${over}px too wide`);
    await context.close();
  }
  return wide;
}

/** A valid USCC registered in `cityCode`'s first district, random in its eight free characters. */
export const randomUscc = (cityCode: string) => makeUscc('9', '1', `${cityCode.slice(0, 4)}02`, Array.from({ length: 8 }, () => USCC_ALPHABET[randomInt(USCC_ALPHABET.length)]).join(''));

/**
 * An enterprise registered by `staff` through accounts, with an enterprise user named `owner`
 * who has filed a first request through the API: once that went through, requests knows the
 * enterprise and the console's filing form works for it.
 */
export async function enterpriseThatFiles(stack: Stack, staff: TestUser, { cityCode, name, address, owner }: { cityCode: string; name: string; address?: string; owner: string }): Promise<{ id: string; name: string; user: TestUser }> {
  const e = await (await apiAs(stack, staff))<{ id: string }>('POST', '/accounts/enterprises', { uscc: randomUscc(cityCode), name, cityCode, ...(address ? { address } : {}) });
  if (e.status !== 201) throw new Error(`registering ${name} answered ${e.status} ${JSON.stringify(e.body)}`);
  const user = await makeUser(stack, 'enterprise', { enterpriseId: e.body.id, name: owner });
  await fileWhenKnown(stack, user, staff, e.body.id, { category: 'other', title: '计量法规咨询', description: '先问一个问题。' }, `first-${e.body.id}`);
  return { id: e.body.id, name, user };
}

/**
 * Clicks a file's "open" button and returns the tab it opened once it shows the file, with the
 * headers the file came with. Headless Chromium paints a PDF as a grey page, so what can be
 * checked is what the browser was given: the file inline, under its name, and the tab's
 * document of the file's type.
 */
export async function openedTab(page: Page, name: string): Promise<{ tab: Page; headers: Record<string, string>; contentType: string }> {
  const [tab, response] = await Promise.all([
    page.context().waitForEvent('page'),
    page.waitForResponse((r) => /\/attachments\/[^/?]+\?disposition=inline$/.test(r.url())),
    page.getByTestId('attachments').getByRole('button', { name: `打开 ${name}` }).click(),
  ]);
  await tab.waitForURL(/^blob:/);
  return { tab, headers: await response.allHeaders(), contentType: await tab.evaluate(() => document.contentType) };
}

/** Clicks a file's "download" button: the file saved under its name, and the headers it came with. */
export async function downloaded(page: Page, name: string): Promise<{ fileName: string; headers: Record<string, string> }> {
  const [download, response] = await Promise.all([
    page.waitForEvent('download'),
    page.waitForResponse((r) => /\/attachments\/[^/?]+$/.test(r.url())),
    page.getByTestId('attachments').getByRole('button', { name: `下载 ${name}` }).click(),
  ]);
  return { fileName: download.suggestedFilename(), headers: await response.allHeaders() };
}

/** The Content-Disposition a file named `name` comes with (express's: ASCII fallback, then UTF-8). */
export const dispositionOf = (kind: 'inline' | 'attachment', name: string) => new RegExp(`^${kind}; filename="[^"]*"; filename\\*=UTF-8''${encodeURIComponent(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
