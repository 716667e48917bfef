import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Stack, TestUser } from './stack';

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
