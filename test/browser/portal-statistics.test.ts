/**
 * 城市的钱办了哪些事 (/m/statistics) in Chromium on a phone's screen (390×844) with the demo cases, reached from the
 * portal's home: the figures of the year, of each town, of each fund source and of every year equal the open data's
 * (GET /api/public/open-data/spending-by-town.json), in the normal mode and in 大字模式 (nothing scrolls sideways);
 * axe-core finds nothing serious or critical in either; the CSV link downloads the year's projects as a CSV with its
 * BOM and Chinese header, one row per project of the JSON. Screenshots portal-statistics-*. Needs `npm run build:web`.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PROJECT_COLUMNS, type OpenDataProjectsBody, type OpenDataSpendingBody } from '../../src/server/features/public/open-data.schemas.js';
import { ok } from '../server/cases/flow.js';
import { useHarness } from './harness.js';

const VIEWPORT = { width: 390, height: 844 };

/** "1475000.00" 元 → 万元 with two decimals, rounded half up, as a resident reads it ("147.50"). */
function wan(yuanTexts: readonly string[]): string {
  const fen = yuanTexts.reduce((s, y) => s + Math.round(Number(y) * 100), 0);
  const hundredths = Math.round(fen / 10_000);
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, '0')}`;
}

describe('城市的钱办了哪些事 on a phone', () => {
  const h = useHarness({ demoCases: true });

  const spending = async (): Promise<OpenDataSpendingBody> => ok(await h.sys.request('GET', '/api/public/open-data/spending-by-town.json')).json<OpenDataSpendingBody>();

  /** The page shows the API's numbers for `year`: the totals, each town, each source, each year. */
  const expectFigures = async (page: Page, data: OpenDataSpendingBody, year: number): Promise<void> => {
    const rows = data.items.filter((r) => r.year === year);
    expect(rows.length).toBeGreaterThan(0);
    const text = (id: string) => page.getByTestId(id).innerText();
    expect(await text('total-projects')).toBe(`${rows.reduce((s, r) => s + r.projects, 0)} 个`);
    expect(await text('total-closed')).toBe(`${rows.reduce((s, r) => s + r.closed, 0)} 个`);
    expect(await text('total-planned')).toBe(`${wan(rows.map((r) => r.plannedTotalYuan))} 万元`);
    expect(await text('total-spent')).toBe(`${wan(rows.map((r) => r.actualTotalYuan))} 万元`);
    for (const r of rows) {
      const town = (await text(`town-${r.townId}`)).replace(/\s+/g, ' ');
      expect(town).toContain(r.townName);
      expect(town).toContain(`公示项目 ${r.projects} 个，已办结 ${r.closed} 个`);
      expect(town).toContain(`计划投入 ${wan([r.plannedTotalYuan])} 万元`);
      expect(town).toContain(`已花 ${wan([r.actualTotalYuan])} 万元`);
    }
    for (const s of ['Special', 'Collective', 'Social'] as const) {
      const source = (await text(`source-${s}`)).replace(/\s+/g, ' ');
      expect(source).toContain(`计划投入 ${wan(rows.map((r) => r[`planned${s}Yuan`]))} 万元`);
      expect(source).toContain(`已花 ${wan(rows.map((r) => r[`actual${s}Yuan`]))} 万元`);
    }
    for (const y of new Set(data.items.map((r) => r.year))) {
      const inYear = data.items.filter((r) => r.year === y);
      const line = (await text(`year-${y}`)).replace(/\s+/g, ' ');
      expect(line).toContain(`公示项目 ${inYear.reduce((s, r) => s + r.projects, 0)} 个，已办结 ${inYear.reduce((s, r) => s + r.closed, 0)} 个`);
      expect(line).toContain(`已花 ${wan(inYear.map((r) => r.actualTotalYuan))} 万元`);
    }
    const top = data.categories.find((c) => c.year === year);
    if (top !== undefined) await page.getByText(`${top.projects} 个项目`).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORT.width);
  };

  it('shows the open data’s figures in both modes, passes axe-core, and downloads the year’s CSV', async () => {
    const data = await spending();
    const year = Math.max(...data.items.map((r) => r.year));
    const page = await h.newPage({ viewport: VIEWPORT, bypassCSP: true });
    await page.goto('/m/');
    await page.getByRole('link', { name: '城市的钱办了哪些事' }).click();
    await page.getByRole('heading', { name: `${year}年，全市` }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/m/statistics');
    await expect.poll(() => page.getByRole('button', { name: `${year}年` }).getAttribute('aria-pressed')).toBe('true');
    await expectFigures(page, data, year);
    await h.shot(page, 'portal-statistics-1-normal');
    const violations = await h.audit(page, 'statistics');

    await page.getByRole('button', { name: '大字模式' }).click();
    await page.getByRole('button', { name: '大字：开' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('large'))).toBe(true);
    // Nothing under 18 px in 大字模式.
    const smallest = await page.evaluate(() => Math.min(...[...document.querySelectorAll('main *')].filter((e) => (e as HTMLElement).innerText?.trim()).map((e) => parseFloat(getComputedStyle(e).fontSize))));
    expect(smallest).toBeGreaterThanOrEqual(18);
    await expectFigures(page, data, year);
    await h.shot(page, 'portal-statistics-2-large');
    violations.push(...(await h.audit(page, 'statistics large')));
    expect(violations).toEqual([]);

    const link = page.getByRole('link', { name: `${year}年项目明细（CSV）` });
    expect(await link.getAttribute('href')).toBe(`/api/public/open-data/projects.csv?year=${year}`);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(`民生微实事公示项目-${year}年度.csv`);
    const file = fs.readFileSync(await download.path());
    expect(file.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header, ...rows]: string[][] = parse(file, { bom: true });
    expect(header).toEqual(PROJECT_COLUMNS.map((c) => c.header));
    const json = ok(await h.sys.request('GET', `/api/public/open-data/projects.json?year=${year}`)).json<OpenDataProjectsBody>();
    expect(rows.map((r) => Number(r[0]))).toEqual(json.items.map((p) => p.id));
    expect(json.count).toBe(data.items.filter((r) => r.year === year).reduce((s, r) => s + r.projects, 0));
  });
});
