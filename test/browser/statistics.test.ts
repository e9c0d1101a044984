/**
 * 统计分析 in a real Chromium against the real system (demo cases, fresh SQLite): as town staff and as the bureau,
 * the page shows the numbers GET /api/statistics answers (totals, data tables, labels drawn in the charts); a click
 * on a bar opens the list behind it with the same count; a chart's 导出数据 downloads its CSV and 导出全部 the
 * server's XLSX; the filter (year, town, community, category, handling mode) lives in the address and narrows the numbers; an empty filter says so; axe-core finds no
 * serious or critical violation. Screenshots at 1366×768 and 1920×1080.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ResponseOf } from '../../src/web/api/models.js';
import { DEMO_PASSWORD } from '../support/system.js';
import { label, useHarness } from './harness.js';

type Statistics = ResponseOf<'viewStatistics'>;

/** A rate as the page shows it. */
const rate = (r: string | null): string => (r === null ? '无可计算' : `${r}%`);

describe('统计分析 in Chromium', () => {
  const h = useHarness({ demoCases: true });
  const { signIn, settled, shot, choose, openMenu } = h;

  async function statistics(page: Page, query = ''): Promise<Statistics> {
    const response = await page.request.get(`/api/statistics${query === '' ? '' : `?${query}`}`);
    expect(response.status()).toBe(200);
    return (await response.json()) as Statistics;
  }

  /** The page has drawn the answer (the scope line appears with it) and no load is running. */
  async function loaded(page: Page): Promise<void> {
    await page.getByText(/^统计范围：/).waitFor();
    await page.waitForFunction(() => document.querySelector('.ant-spin-spinning') === null);
    await settled(page);
  }

  function card(page: Page, title: string) {
    return page.getByTestId(`chart-${title}`);
  }

  /** The data table of a chart, opened, as rows of cell texts (the 清单 column left out). */
  async function tableOf(page: Page, title: string): Promise<string[][]> {
    const c = card(page, title);
    const toggle = c.getByRole('button', { name: /数据表/ });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    const rows = c.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    const out: string[][] = [];
    for (const row of await rows.all()) {
      const cells = (await row.locator('td').allInnerTexts()).map((t) => t.trim());
      out.push(cells.filter((t) => t !== '查看清单' && t !== '--'));
    }
    return out;
  }

  /** The labels the chart draws (SVG text), e.g. "11 个". */
  async function drawnLabels(page: Page, title: string): Promise<string[]> {
    return (await card(page, title).getByTestId('echart').locator('svg text').allTextContents()).map((t) => t.trim());
  }

  it('town staff: the numbers are the API’s; a bar opens its list with the same count; 导出数据 and 导出全部 download', async () => {
    const page = await signIn('town', DEMO_PASSWORD, { width: 1366, height: 768 });
    const api = await statistics(page);
    expect(api.scope.kind).toBe('town');
    expect(api.totals.projects).toBeGreaterThan(0);

    await openMenu(page, '统计分析');
    await loaded(page);
    await shot(page, 'statistics-town-1366');

    // The totals.
    const totals = page.getByTestId('statistics-totals');
    await expect.poll(() => totals.innerText()).toContain(`${api.totals.demands}件`);
    const totalsText = (await totals.innerText()).replace(/\s+/g, '');
    expect(totalsText).toContain(`诉求${api.totals.demands}件`);
    expect(totalsText).toContain(`项目${api.totals.projects}个`);
    expect(totalsText).toContain(`项目预算${api.totals.budget.wan}万元`);
    expect(totalsText).toContain(`满意率${rate(api.satisfaction.rate)}`);

    // Projects by community: the data table and the chart's labels carry the API's counts and 万元.
    const byCommunity = api.projectsByCommunity;
    expect(byCommunity.length).toBeGreaterThan(0);
    expect(await tableOf(page, '项目按村（社区）')).toEqual(byCommunity.map((g) => [g.label, String(g.count), g.budget.wan]));
    expect(await drawnLabels(page, '项目按村（社区）')).toEqual(expect.arrayContaining(byCommunity.map((g) => `${g.count} 个`)));
    // 预算 switches the bars to 万元.
    await card(page, '项目按村（社区）').getByText('预算（万元）').click();
    await expect.poll(() => drawnLabels(page, '项目按村（社区）')).toEqual(expect.arrayContaining(byCommunity.map((g) => `${g.budget.wan} 万元`)));

    // Deadlines by step, satisfaction, flags and funds: their tables are the API's.
    expect(await tableOf(page, '各环节按时办结率')).toEqual(
      api.deadlines.byStep.map((s) => [s.label, String(s.onTime), String(s.late), String(s.overdue), String(s.open), rate(s.rate)]),
    );
    expect(await tableOf(page, '超限与疑似拆分标记')).toEqual(api.flags.map((f) => [f.label, f.rule, String(f.count)]));
    const funds = await tableOf(page, '预算、已发放与实际投入');
    expect(funds.at(-1)).toEqual(['合计', api.funds.total.planned.wan, api.funds.total.actual.wan, api.funds.total.disbursed.wan]);
    expect((await tableOf(page, '满意度测评')).at(-1)).toEqual(['满意率', rate(api.satisfaction.rate)]);
    await settled(page);
    await shot(page, 'statistics-town-tables');

    // 导出数据: the chart's own numbers as CSV.
    const csvDownload = page.waitForEvent('download');
    await card(page, '项目按村（社区）').getByRole('button', { name: /导出数据/ }).click();
    const csv = await csvDownload;
    expect(csv.suggestedFilename()).toMatch(/^项目按村（社区）-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = fs.readFileSync(await csv.path(), 'utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toEqual(['村（社区）,项目数（个）,预算投入（万元）', ...byCommunity.map((g) => `${g.label},${g.count},${g.budget.wan}`)]);

    // 导出全部: the server's XLSX, one sheet per table.
    const xlsxDownload = page.waitForEvent('download');
    await page.getByRole('button', { name: /导出全部/ }).click();
    const xlsx = await xlsxDownload;
    expect(xlsx.suggestedFilename()).toMatch(/^统计-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(fs.readFileSync(await xlsx.path()) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(['总览', '期限按环节', '满意度', '资金']));

    // A bar opens the list behind it: the first community's projects, as many as the chart says.
    const first = byCommunity[0];
    if (first?.drill === null || first === undefined) throw new Error('the first community has no drill-down');
    await card(page, '项目按村（社区）').getByTestId('echart').locator('svg text', { hasText: `${first.budget.wan} 万元` }).first().click();
    await page.waitForURL((url) => url.pathname === '/projects' && url.search === `?${first.drill?.query ?? ''}`);
    await page.getByText(`共 ${first.count} 件项目`).waitFor();
    await page.goBack();
    await loaded(page);

    // A demand channel's bar opens the demands of that channel.
    const channel = api.demandsByChannel[0];
    if (channel?.drill === null || channel === undefined) throw new Error('no demand channel');
    const channelBars = card(page, '诉求按来源渠道').getByTestId('echart');
    await channelBars.scrollIntoViewIfNeeded();
    const channelIndex = (await drawnLabels(page, '诉求按来源渠道')).indexOf(`${channel.count} 件`);
    expect(channelIndex).toBeGreaterThanOrEqual(0);
    await channelBars.locator('svg text', { hasText: `${channel.count} 件` }).first().click();
    await page.waitForURL((url) => url.pathname === '/demands');
    const demandQuery = new URL(page.url()).search.slice(1);
    const demandGroup = api.demandsByChannel.find((g) => g.drill?.query === demandQuery);
    expect(demandGroup?.count).toBe(channel.count);
    await page.getByText(`共 ${channel.count} 件诉求`).waitFor();
  });

  it('town staff: the filter narrows the numbers and stays in the address; an empty year says so', async () => {
    const page = await signIn('town', DEMO_PASSWORD, { width: 1366, height: 768 });
    await page.goto('/statistics');
    await loaded(page);
    await choose(page, page.getByLabel('项目类型', { exact: true }), '便民工程项目');
    await page.waitForURL(/category=engineering/);
    await loaded(page);
    const api = await statistics(page, 'category=engineering');
    const totals = (await page.getByTestId('statistics-totals').innerText()).replace(/\s+/g, '');
    expect(totals).toContain(`项目${api.totals.projects}个`);
    expect(await tableOf(page, '项目按类型')).toEqual(api.projectsByCategory.map((g) => [g.label, String(g.count), g.budget.wan]));
    // The drill-down keeps the filter.
    expect(api.projectsByCommunity[0]?.drill?.query).toContain('category=engineering');

    // 办理方式 narrows the projects further (R5.5), beside the category; the demands are not narrowed by it.
    await choose(page, page.getByLabel('办理方式', { exact: true }), '莞家速递');
    await page.waitForURL(/category=engineering&handlingMode=express/);
    await loaded(page);
    const both = await statistics(page, 'category=engineering&handlingMode=express');
    expect(both.totals.projects).toBeLessThanOrEqual(api.totals.projects);
    expect(both.totals.demands).toBe(api.totals.demands);
    const narrowed = (await page.getByTestId('statistics-totals').innerText()).replace(/\s+/g, '');
    expect(narrowed).toContain(`项目${both.totals.projects}个`);
    if (both.totals.projects > 0) expect(await tableOf(page, '项目按办理方式')).toEqual([['莞家速递', String(both.totals.projects), both.totals.budget.wan]]);
    expect(both.totals.projectsDrill?.query).toBe('category=engineering&handlingMode=express');
    await shot(page, 'statistics-town-filtered');

    await page.goto('/statistics?year=2020');
    await loaded(page);
    expect(await page.getByText('当前筛选下没有数据').count()).toBeGreaterThanOrEqual(5);
    expect((await page.getByTestId('statistics-totals').innerText()).replace(/\s+/g, '')).toContain('项目0个');
    await shot(page, 'statistics-town-empty');
  });

  it('bureau: the towns chart is the API’s and opens the town’s projects; a town picked offers its communities; 1920×1080', async () => {
    const page = await signIn('bureau', DEMO_PASSWORD, { width: 1920, height: 1080 });
    const api = await statistics(page);
    expect(api.scope.kind).toBe('city');
    await page.goto('/statistics');
    await loaded(page);
    await shot(page, 'statistics-bureau-1920');

    expect(await tableOf(page, '项目按镇（街道）')).toEqual(api.projectsByTown.map((g) => [g.label, String(g.count), g.budget.wan]));
    const town = api.projectsByTown[0];
    if (town === undefined || town.drill === null) throw new Error('no town');
    expect(await tableOf(page, `各镇（街道）按时办结率`)).toEqual(
      api.deadlines.byUnit.map((u) => [u.unitName, String(u.onTime), String(u.late), String(u.overdue), String(u.open), rate(u.rate)]),
    );

    // No 村（社区） filter until a town is picked.
    expect(await page.getByLabel('村（社区）', { exact: true }).count()).toBe(0);
    await choose(page, page.getByLabel('镇（街道）', { exact: true }), town.label, town.label);
    await page.waitForURL(new RegExp(`townId=${town.key ?? ''}`));
    await loaded(page);
    await page.getByLabel('村（社区）', { exact: true }).waitFor();
    const narrowed = await statistics(page, `townId=${town.key ?? ''}`);
    expect((await page.getByTestId('statistics-totals').innerText()).replace(/\s+/g, '')).toContain(`项目${narrowed.totals.projects}个`);

    await page.goto('/statistics');
    await loaded(page);
    await card(page, '项目按镇（街道）').getByTestId('echart').locator('svg text', { hasText: `${town.count} 个` }).first().click();
    await page.waitForURL((url) => url.pathname === '/projects' && url.search === `?${town.drill?.query ?? ''}`);
    await page.getByText(`共 ${town.count} 件项目`).waitFor();
  });

  it('axe-core: no serious or critical violation on the page, its data tables and its empty state (community, town, bureau, supervisor at 1366×768)', async () => {
    const found: string[] = [];
    for (const username of ['community', 'town', 'bureau', 'supervisor']) {
      const page = await h.newPage({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
      await page.goto('/login');
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: label('登录') }).click();
      await page.getByTestId('current-user').waitFor();
      await page.goto('/statistics');
      await loaded(page);
      found.push(...(await h.audit(page, `${username} /statistics`)));
      for (const toggle of await page.getByRole('button', { name: /数据表/ }).all()) if (await toggle.isEnabled()) await toggle.click();
      await settled(page);
      found.push(...(await h.audit(page, `${username} /statistics (data tables)`)));
      await page.goto('/statistics?year=2020');
      await loaded(page);
      found.push(...(await h.audit(page, `${username} /statistics?year=2020`)));
      await h.close(page.context());
    }
    expect(found).toEqual([]);
  });
});
