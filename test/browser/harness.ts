/**
 * What every browser test needs: the real system (fresh SQLite, demo accounts and, if asked, the demo cases) with the
 * built web app, a Chromium, pages whose clock starts at the server's test clock, sign-in, waiting for antd's
 * animations, picking Select options, full-page screenshots to test-results/screenshots/, axe-core audits, and on a
 * failed test a screenshot of every open page. Page errors and console errors fail the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { WEB_DIST } from '../../src/server/app.js';
import { DEMO_PASSWORD, TestClock, createTestSystem, type TestSystem } from '../support/system.js';
import { SCREENSHOTS } from './screenshots.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export { SCREENSHOTS };

/**
 * The present of the run, for the server and the browsers alike: a working Tuesday inside the shipped calendar data
 * (which ends with 2026), so every deadline the demo and the steps compute falls in a year with a schedule, and the
 * year after it is the one not yet entered.
 */
export const NOW = '2026-10-20T03:00:00.000Z';

/** antd spaces out two-character Chinese button labels ("登 录"); match with or without the space. */
export function label(text: string): RegExp {
  return new RegExp(`^\\s*${[...text].join('\\s*')}\\s*$`);
}

export interface Harness {
  readonly sys: TestSystem;
  /** A fresh browser context and page at `viewport` (1440×900 by default). */
  readonly newPage: (options?: { readonly viewport?: { width: number; height: number }; readonly bypassCSP?: boolean }) => Promise<Page>;
  readonly signIn: (username: string, password?: string, viewport?: { width: number; height: number }) => Promise<Page>;
  readonly settled: (page: Page) => Promise<void>;
  /**
   * Clicks `trigger` once the page's animations have settled and waits for `target` to show; a click that landed while
   * a drawer was still sliding (and so opened nothing) is made again, up to three times in all.
   */
  readonly opens: (trigger: Locator, target: Locator) => Promise<void>;
  readonly shot: (page: Page, name: string) => Promise<void>;
  readonly choose: (page: Page, select: Locator, option: string, search?: string) => Promise<void>;
  readonly menuLabels: (page: Page) => Promise<string[]>;
  readonly openMenu: (page: Page, name: string) => Promise<void>;
  /** axe-core's serious and critical violations on the page now, as `where: rule ×n (first target)`; the page's context must bypass CSP. */
  readonly audit: (page: Page, where: string) => Promise<string[]>;
  /** Closes a context opened by `newPage` before the test ends. */
  readonly close: (context: BrowserContext) => Promise<void>;
}

/** Registers the file's hooks and answers the harness, usable inside the tests. */
export function useHarness(options: { readonly demoCases: boolean }): Harness {
  let sys: TestSystem | undefined;
  let browser: Browser | undefined;
  let baseURL = '';
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
      throw new Error(`${path.join(WEB_DIST, 'index.html')} is missing: run \`npm run build:web\` before \`npm run test:browser\``);
    }
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: install it with \`apt-get install -y chromium fonts-noto-cjk\` (or set CHROMIUM_PATH)`);
    }
    // The folder is emptied once per run by global-setup.ts.
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    sys = await createTestSystem('sqlite', { config: { serveWeb: true, demoCases: options.demoCases }, clock: new TestClock(NOW) });
    baseURL = await sys.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterEach(async (ctx) => {
    // A failing step leaves its page behind as a screenshot for the CI artifacts.
    if (ctx.task.result?.state === 'fail') {
      const pages = contexts.flatMap((c) => c.pages());
      const slug = ctx.task.name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60);
      await Promise.all(pages.map((p, i) => p.screenshot({ path: path.join(SCREENSHOTS, `failed-${slug}-${i}.png`), fullPage: true }).catch(() => undefined)));
    }
    await Promise.all(contexts.splice(0).map((c) => c.close()));
  });

  afterAll(async () => {
    await browser?.close();
    await sys?.close();
    expect(pageErrors).toEqual([]);
  });

  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not started`);
    return value;
  };

  const harness: Harness = {
    get sys() {
      return required(sys, 'the system');
    },

    async newPage(opts = {}) {
      const context = await required(browser, 'Chromium').newContext({
        baseURL,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
        viewport: opts.viewport ?? { width: 1440, height: 900 },
        bypassCSP: opts.bypassCSP ?? false,
      });
      contexts.push(context);
      // The browser's present starts at the server's and flows on from there.
      await context.clock.install({ time: harness.sys.clock.now() });
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      page.on('console', (message) => {
        // Refused requests (401 before sign-in, a wrong password) are expected; anything else, e.g. a CSP violation, is not.
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) pageErrors.push(`${page.url()}: ${message.text()}`);
      });
      return page;
    },

    async signIn(username, password = DEMO_PASSWORD, viewport) {
      const page = await harness.newPage(viewport === undefined ? {} : { viewport });
      await page.goto('/login');
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码', { exact: true }).fill(password);
      await page.getByRole('button', { name: label('登录') }).click();
      await expect.poll(() => page.getByTestId('current-user').isVisible(), { timeout: 15_000 }).toBe(true);
      return page;
    },

    /**
     * Waits until the page has painted a frame since the call and no finite CSS animation or transition (a drop-down
     * sliding in, a modal zooming, a menu collapsing) is still running; endless ones (a spinner) are not waited for.
     */
    async settled(page) {
      await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
      await page.waitForFunction(() =>
        document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
      );
    },

    async opens(trigger, target) {
      const page = trigger.page();
      for (let attempt = 1; ; attempt += 1) {
        await harness.settled(page);
        await trigger.click();
        try {
          await target.waitFor({ timeout: 5_000 });
          return;
        } catch (error) {
          if (attempt >= 3 || (await target.isVisible())) throw error;
        }
      }
    },

    /**
     * The whole page: the viewport grows to the page's height first, so the sticky side menu and modal masks are drawn
     * as a user would see them rather than cut at the first screen.
     */
    async shot(page, name) {
      await harness.settled(page);
      const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
      await harness.settled(page);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
      await page.setViewportSize(viewport);
    },

    /** Picks an option of an antd Select (typing `search` first, if given) once its drop-down has finished opening. */
    async choose(page, select, option, search) {
      await select.click();
      if (search !== undefined) await select.fill(search);
      const item = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: option }).first();
      await item.waitFor();
      // The drop-down slides in; a click during the animation can miss.
      await harness.settled(page);
      await item.click();
      await select.locator('xpath=ancestor::*[contains(@class,"ant-select")][1]').getByText(option, { exact: true }).waitFor();
    },

    async menuLabels(page) {
      await page.getByRole('menuitem').first().waitFor();
      return (await page.getByRole('menuitem').allInnerTexts()).map((t) => t.trim());
    },

    async openMenu(page, name) {
      await page.getByRole('menuitem', { name: new RegExp(name) }).click();
      await page.getByRole('heading', { name, level: 4 }).waitFor();
    },

    async audit(page, where) {
      await page.waitForFunction(() => document.querySelector('.ant-spin-spinning') === null);
      await harness.settled(page);
      await page.addScriptTag({ content: axe.source });
      const result = await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }));
      return result.violations
        .filter((x) => x.impact === 'serious' || x.impact === 'critical')
        .map((v) => `${where}: ${v.id} ×${v.nodes.length} (${v.nodes[0]?.target.join(' ') ?? ''})`);
    },

    async close(context) {
      await context.close();
      const i = contexts.indexOf(context);
      if (i >= 0) contexts.splice(i, 1);
    },
  };
  return harness;
}
