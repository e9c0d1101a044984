/**
 * 年度计划 in a real Chromium against the real system (fresh SQLite, no demo cases), at 1366×768. The test clock is
 * set for each step (the harness installs each new page's clock from the server's), so every status is fixed:
 * December 2026 for the 2027 campaign and plan, 1 March 2027 for the overdue one.
 *
 * R8.1 a town clerk opens the 2027 campaign (title and 31 January prefilled); a community clerk is offered the
 * campaign channel with the campaign's line; the communities' progress shows the demand, its project and the town's
 * confirmation. R8.3 the bureau sets the allocation above the library's total; the town sees the gap, 盖章报送 is
 * disabled with its reason; the bureau lowers it (a change needs its reason); the town fills the stamp and uploads
 * the scan, the bureau raises it meanwhile, and the submission is refused with the server's BELOW_ALLOCATION message;
 * lowered again, the plan is submitted (R8.2). After February the bureau sees the town 已报送 and 南城街道 逾期未报送,
 * the report in 报备事项 and the town's plan read-only; R8.4 the town adjusts its library with a daily-collected
 * project (matching funds, reported to the bureau); supervisors read the town's plan. axe-core: no serious or
 * critical violation on any of these pages.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { samplePdf } from '../support/files.js';
import { DEMO_PASSWORD } from '../support/system.js';
import { acknowledge, at, basics, call, consult, consultationResult, cookieOf, createDemand, ok, openProject, register, reviewPoints, step, triageAdopt, unitOf } from '../server/cases/flow.js';
import { label, useHarness } from './harness.js';

const WAN = 1_000_000;
const VIEWPORT = { width: 1366, height: 768 };

describe('年度计划 in Chromium', () => {
  const h = useHarness({ demoCases: false });
  const { settled, shot, choose } = h;
  const violations: string[] = [];
  let townId = 0;

  /** A page signed in as `username` that axe-core can audit (its context bypasses CSP). */
  async function signIn(username: string): Promise<Page> {
    const page = await h.newPage({ viewport: VIEWPORT, bypassCSP: true });
    await page.goto('/login');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: label('登录') }).click();
    await page.getByTestId('current-user').waitFor();
    return page;
  }

  async function loaded(page: Page, heading: RegExp | string): Promise<void> {
    await page.getByRole('heading', { name: heading, level: 4 }).waitFor();
    await page.waitForFunction(() => document.querySelector('.ant-spin-spinning') === null);
    await settled(page);
  }

  async function audit(page: Page, where: string): Promise<void> {
    violations.push(...(await h.audit(page, where)));
  }

  async function setAllocation(amountFen: number, reason: string, version: number): Promise<void> {
    const cookie = await cookieOf(h.sys, 'bureau');
    ok(await h.sys.request('PUT', `/api/towns/${townId}/allocations/2027`, { cookie, body: { amountFen, reason, version } }));
  }

  const rowOf = (page: Page, town: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name: town, exact: true }) });

  it('R8.1 a town clerk opens the campaign; the community is offered its channel; the progress follows the demand to the library', async () => {
    at(h.sys, '2026-12-10T02:00:00.000Z');
    townId = (await unitOf(h.sys, 'town')).id;
    const communityId = (await unitOf(h.sys, 'community')).id;
    const town = await signIn('town');
    await town.getByRole('menuitem', { name: /年度计划/ }).click();
    // December: the page opens on the coming year, on 集中征集 since none has been opened.
    await loaded(town, '东城街道2027年度计划');
    await town.getByText('本镇（街道）尚未发起2027年度集中征集活动').waitFor();
    await shot(town, 'plans-campaign-none-town-1366');
    await audit(town, 'town /plans 集中征集 (none)');

    await town.getByRole('button', { name: /发起集中征集/ }).click();
    const dialog = town.getByRole('dialog', { name: '发起集中征集' });
    expect(await dialog.getByLabel('活动名称').inputValue()).toBe('2027年度民生微实事集中征集活动');
    expect(await dialog.getByLabel('截止日期').inputValue()).toBe('2027-01-31');
    await dialog.getByText('截止日期最晚为 2027年1月31日，之后的日期不可选').waitFor();
    await shot(town, 'plans-campaign-open-dialog-1366');
    await audit(town, 'town /plans 发起集中征集');
    await dialog.getByRole('button', { name: label('发起') }).click();
    await town.getByText('已发起：2027年度民生微实事集中征集活动').waitFor();
    await town.locator('.ant-tag').filter({ hasText: '征集中' }).waitFor();
    await town.getByText('2027年1月31日 24:00').waitFor();

    // R8.1 the community clerk: the notice on 年度计划, and the campaign channel at entry with its line.
    const community = await signIn('community');
    await community.goto('/plans');
    await loaded(community, '年度计划');
    await community.getByText('本镇（街道）2027年度集中征集活动进行中，截止 1月31日').waitFor();
    await shot(community, 'plans-community-notice-1366');
    await audit(community, 'community /plans');
    await community.goto('/demands');
    await community.getByRole('button', { name: /录入诉求/ }).click();
    const entry = community.getByRole('dialog', { name: '录入诉求' });
    await entry.getByText('本镇（街道）2027年度集中征集活动进行中，截止 1月31日').waitFor();
    await choose(community, entry.getByLabel('来源渠道'), '年度集中征集活动');
    await shot(community, 'plans-demand-entry-campaign-1366');
    await entry.getByRole('button', { name: label('取消') }).click();

    // The demand through the campaign, adopted, agreed, registered and confirmed by the town (R4.6: into the library).
    at(h.sys, '2026-12-11T02:00:00.000Z');
    const demand = await createDemand(h.sys, 'community', { communityId, title: '集中征集：三巷路面坑洼', channel: 'campaign' });
    const project = await triageAdopt(h.sys, 'community', await acknowledge(h.sys, 'community', demand), '三巷路面修复工程', '2026-12-11T01:00:00.000Z');
    at(h.sys, '2026-12-14T02:00:00.000Z');
    ok(await consult(h.sys, 'community', project, { heldAt: '2026-12-14T01:00:00.000Z', result: consultationResult(8 * WAN, { period: { start: '2027-03-01', end: '2027-05-31' } }) }));
    at(h.sys, '2026-12-15T02:00:00.000Z');
    ok(await register(h.sys, 'community', project, basics(8 * WAN, { projectName: '三巷路面修复工程', content: '修复三巷破损路面。' })));
    at(h.sys, '2026-12-21T02:00:00.000Z');
    await step(h.sys, 'town', project, 'review-decision', { decision: { outcome: 'specialFund', townOfficeName: '东城街道公共服务办', points: reviewPoints() } });

    const later = await signIn('town');
    await later.goto('/plans');
    await loaded(later, '东城街道2027年度计划');
    const progress = rowOf(later, '示例社区一');
    await expect.poll(() => progress.getByRole('cell').allInnerTexts()).toEqual(['示例社区一', '1', '1', '1']);
    await later.getByRole('row').filter({ hasText: '合计' }).waitFor();
    await shot(later, 'plans-campaign-progress-town-1366');
    await audit(later, 'town /plans 集中征集 (progress)');
  });

  it('R8.2 R8.3 the bureau sets the allocation; the town sees the gap, is refused below it with the server’s message, and submits with the stamp once it is met', async () => {
    at(h.sys, '2026-12-21T03:00:00.000Z');
    const bureau = await signIn('bureau');
    await bureau.getByRole('menuitem', { name: /年度计划/ }).click();
    await loaded(bureau, '2027年度计划');
    const dongcheng = rowOf(bureau, '东城街道');
    await dongcheng.getByText('待报送').waitFor();
    await dongcheng.getByText('未设定').waitFor();
    await audit(bureau, 'bureau /plans 各镇（街道）');
    await dongcheng.getByRole('button', { name: '设定额度' }).click();
    const allocation = bureau.getByRole('dialog', { name: '设定东城街道2027年度市分配额度' });
    await allocation.getByLabel('市分配经费额度（万元）').fill('10');
    await shot(bureau, 'plans-allocation-dialog-1366');
    await audit(bureau, 'bureau /plans 设定额度');
    await allocation.getByRole('button', { name: label('保存') }).click();
    await bureau.getByText('东城街道2027年度市分配额度已设定为 10 万元').waitFor();
    await expect.poll(() => dongcheng.getByRole('cell').nth(3).innerText()).toBe('10');
    await expect.poll(() => dongcheng.getByRole('cell').nth(5).innerText()).toBe('2');
    await shot(bureau, 'plans-overview-bureau-1366');

    // The town: the gap, and 盖章报送 disabled with its reason beside it.
    const town = await signIn('town');
    await town.goto('/plans?tab=plan');
    await loaded(town, '东城街道2027年度计划');
    expect(await town.getByTestId('plan-gap').innerText()).toBe('集中征集项目合计 8 万元 / 市分配额度 10 万元，尚差 2 万元');
    expect(await town.getByRole('button', { name: /盖章报送/ }).isDisabled()).toBe(true);
    await town.getByText(/暂不能报送：集中征集项目合计尚差 2 万元才达到市分配额度/).waitFor();
    await town.getByText('2027年2月28日（2月底前报送市民政局）').waitFor();
    await town.getByRole('cell', { name: '三巷路面修复工程' }).waitFor();
    await shot(town, 'plans-plan-gap-town-1366');
    await audit(town, 'town /plans 年度项目库与实施计划 (gap)');

    // The bureau lowers it: a change needs its reason.
    await dongcheng.getByRole('button', { name: '设定额度' }).click();
    const change = bureau.getByRole('dialog', { name: '设定东城街道2027年度市分配额度' });
    await change.getByLabel('市分配经费额度（万元）').fill('8');
    await change.getByRole('button', { name: label('保存') }).click();
    await change.getByText('调整已设定的额度须说明理由').waitFor();
    await change.getByLabel('调整理由').fill('市财政预算调整');
    await change.getByRole('button', { name: label('保存') }).click();
    await bureau.getByText('东城街道2027年度市分配额度已设定为 8 万元').waitFor();

    // The town fills the stamp; meanwhile the bureau raises it again: refused with the server's message.
    await town.reload();
    await loaded(town, '东城街道2027年度计划');
    expect(await town.getByTestId('plan-gap').innerText()).toBe('集中征集项目合计 8 万元 / 市分配额度 8 万元，已达到额度');
    const fillStamp = async (): Promise<Locator> => {
      await town.getByRole('button', { name: /盖章报送/ }).click();
      const form = town.getByRole('dialog', { name: '盖章报送2027年度实施计划' });
      await form.getByLabel('政府公章').check();
      await form.getByLabel('经办人').fill('李建华');
      await form.locator('input[type=file]').setInputFiles({ name: '2027年度实施计划（盖章）.pdf', mimeType: 'application/pdf', buffer: samplePdf('stamped plan') });
      await form.locator('.ant-upload-list-item-done').waitFor();
      return form;
    };
    const form = await fillStamp();
    await shot(town, 'plans-submit-dialog-1366');
    await audit(town, 'town /plans 盖章报送');
    const current = ok(await call(h.sys, 'bureau', 'GET', `/api/towns/${townId}/annual-plans/2027`)).json<{ allocation: { version: number } }>();
    await setAllocation(9 * WAN, '追加下达', current.allocation.version);
    await form.getByRole('button', { name: '报送市民政局' }).click();
    await form.getByRole('alert').filter({ hasText: '尚差1万元' }).waitFor();
    await expect.poll(() => town.getByTestId('plan-gap').innerText()).toBe('集中征集项目合计 8 万元 / 市分配额度 9 万元，尚差 1 万元');
    await shot(town, 'plans-submit-refused-1366');
    await form.getByRole('button', { name: label('取消') }).click();
    expect(await town.getByRole('button', { name: /盖章报送/ }).isDisabled()).toBe(true);

    // Lowered again: submitted, with its stamp and the scanned copy to download.
    await setAllocation(8 * WAN, '按预算执行', current.allocation.version + 1);
    await town.reload();
    await loaded(town, '东城街道2027年度计划');
    const again = await fillStamp();
    await again.getByRole('button', { name: '报送市民政局' }).click();
    await town.getByText('2027年度实施计划已报送市民政局').waitFor();
    await town.locator('.ant-tag').filter({ hasText: '已报送' }).waitFor();
    await town.getByText('政府公章').waitFor();
    const href = await town.getByRole('link', { name: '下载扫描件' }).getAttribute('href');
    expect(href).toMatch(/^\/api\/attachments\/\d+$/);
    expect((await town.request.get(href ?? '')).status()).toBe(200);
    await shot(town, 'plans-submitted-town-1366');
    await audit(town, 'town /plans 年度项目库与实施计划 (submitted)');
  });

  it('R8.2 R8.4 after February the bureau sees the town 已报送 and another 逾期未报送; the town adjusts its library; the bureau sees both reports; supervisors read', async () => {
    at(h.sys, '2027-03-01T02:00:00.000Z');
    const bureau = await signIn('bureau');
    await bureau.goto('/plans');
    await loaded(bureau, '2027年度计划');
    await rowOf(bureau, '东城街道').locator('.ant-tag-success').filter({ hasText: '已报送' }).waitFor();
    await rowOf(bureau, '南城街道').locator('.ant-tag-error').filter({ hasText: '逾期未报送' }).waitFor();
    await shot(bureau, 'plans-overview-overdue-bureau-1366');
    await audit(bureau, 'bureau /plans 各镇（街道） (March)');

    await bureau.getByRole('tab', { name: '报备事项' }).click();
    const report = bureau.getByRole('row').filter({ hasText: '报送年度实施计划' });
    await report.filter({ hasText: '东城街道' }).waitFor();
    await shot(bureau, 'plans-reports-bureau-1366');
    await audit(bureau, 'bureau /plans 报备事项');

    await bureau.getByRole('tab', { name: '各镇（街道）年度计划' }).click();
    await rowOf(bureau, '东城街道').getByRole('link', { name: '东城街道' }).click();
    await loaded(bureau, '东城街道2027年度计划');
    await bureau.getByRole('tab', { name: '年度项目库与实施计划' }).click();
    await bureau.getByRole('link', { name: '下载扫描件' }).waitFor();
    expect(await bureau.getByRole('button', { name: /盖章报送|调整项目库/ }).count()).toBe(0);
    await shot(bureau, 'plans-town-plan-bureau-1366');
    await audit(bureau, 'bureau /plans 东城街道');

    // R8.4 a daily-collected project joins the library with its reason, from the matching funds, reported to the bureau.
    const communityId = (await unitOf(h.sys, 'community')).id;
    at(h.sys, '2027-03-02T02:00:00.000Z');
    const daily = await openProject(h.sys, 'community', { communityId, title: '五巷长者助餐服务', heldAt: '2027-03-02T01:00:00.000Z' });
    at(h.sys, '2027-03-03T02:00:00.000Z');
    ok(await consult(h.sys, 'community', daily, { heldAt: '2027-03-03T01:00:00.000Z', result: consultationResult(3 * WAN, { mode: 'station', implementer: '东莞市某某社会工作服务中心', period: { start: '2027-04-01', end: '2027-06-30' } }) }));
    at(h.sys, '2027-03-04T02:00:00.000Z');
    ok(await register(h.sys, 'community', daily, basics(3 * WAN, { projectName: '五巷长者助餐服务', category: 'service', subcategory: 'S1', content: '为独居老人配送午餐。' })));
    const town = await signIn('town');
    await town.goto('/plans');
    await loaded(town, '东城街道2027年度计划');
    await town.getByRole('button', { name: /调整项目库/ }).click();
    const adjust = town.getByRole('dialog', { name: '调整年度项目库' });
    await adjust.getByText('调整项目使用镇街配套资金，并报市民政局备案').waitFor();
    await adjust.getByLabel('调入的项目').click();
    const option = town.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '五巷长者助餐服务' });
    await option.waitFor();
    await settled(town);
    expect(await option.innerText()).toMatch(/^示例社区一 五巷长者助餐服务（3万元，日常收集/);
    await option.click();
    await adjust.getByRole('button', { name: '调入项目库' }).click();
    await adjust.getByText('请说明调整理由（报市民政局）').waitFor();
    await adjust.getByLabel('调整理由').fill('群众急需，纳入本年度项目库');
    await shot(town, 'plans-adjust-dialog-1366');
    await audit(town, 'town /plans 调整项目库');
    await adjust.getByRole('button', { name: '调入项目库' }).click();
    await town.getByText('已调入年度项目库，并报市民政局备案').waitFor();
    const entry = town.getByRole('row').filter({ hasText: '五巷长者助餐服务' });
    await entry.getByText('年度调整').waitFor();
    await entry.getByText('镇街配套资金').waitFor();
    await entry.getByText('群众急需，纳入本年度项目库').waitFor();
    await shot(town, 'plans-adjusted-town-1366');

    const reports = await signIn('bureau');
    await reports.goto('/plans?tab=reports');
    await loaded(reports, '2027年度计划');
    await reports.getByRole('row').filter({ hasText: '调整年度项目库' }).filter({ hasText: '群众急需，纳入本年度项目库' }).waitFor();

    // Supervisors (a 两代表一委员 of the town) read the town's plan: no 设定额度, no 盖章报送.
    const supervisor = await signIn('supervisor');
    await supervisor.goto('/plans');
    await loaded(supervisor, '东城街道2027年度计划');
    await supervisor.getByRole('link', { name: '下载扫描件' }).waitFor();
    expect(await supervisor.getByRole('button', { name: /设定额度|盖章报送|调整项目库/ }).count()).toBe(0);
    await audit(supervisor, 'supervisor /plans');
    expect(violations).toEqual([]);
  });
});
