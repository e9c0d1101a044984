/**
 * Two whole projects through the staff workbench in a real Chromium, every step a clerk takes done on the pages,
 * signing in as each role in turn: a 20万元 engineering project on the town path (demand entered at the town's desk,
 * 两委 triage, consultation, 登记备案表, the departments' joint review, stamps and the town's decision, the town's
 * publicity ended by the deadline job, implementation, 结项表, the town's paper survey, 办结) and a 3万元 service
 * project on the small path (备案 without review, the community's own publicity, survey and 结项表 with the survey,
 * 办结). Every step is screenshotted (journey1-NN-…, journey2-NN-…) and every distinct page and dialog audited with
 * axe-core. Needs the built web app (`npm run build:web`).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES_CONFIG } from '../../src/domain/rules-config.js';
import { samplePdf, samplePng } from '../support/files.js';
import { DEMO_PASSWORD } from '../support/system.js';
import { SCREENSHOTS, label, useHarness } from './harness.js';

/** The clerk's screen. */
const VIEWPORT = { width: 1366, height: 768 };

/** The journeys' days (Asia/Shanghai office hours), all inside the shipped 2026 calendar and after the harness's NOW. */
const DAY = {
  j1Consultation: '2026-10-22T02:00:00.000Z',
  j1Completed: '2026-11-16T02:00:00.000Z',
  j1Survey: '2026-11-18T02:00:00.000Z',
  j2Start: '2026-11-19T02:00:00.000Z',
  j2Consultation: '2026-11-20T02:00:00.000Z',
  j2Completed: '2026-12-14T02:00:00.000Z',
} as const;

type Shape = 'pdf' | 'png';
const FILES: Readonly<Record<Shape, { mimeType: string; buffer: (text: string) => Buffer }>> = {
  pdf: { mimeType: 'application/pdf', buffer: (text) => samplePdf(text) },
  png: { mimeType: 'image/png', buffer: () => samplePng() },
};

describe('two projects from the desk to 办结, in Chromium', () => {
  // The demo accounts of the town's departments (住建, 农林水务) come with the demo cases.
  const h = useHarness({ demoCases: true });
  const written: string[] = [];
  /** The number of serious and critical axe-core violations per journey page. */
  const axeCounts: Record<string, number> = {};

  /**
   * A numbered screenshot of the journey, tall enough for the whole page and the whole of an open drawer (whose body
   * scrolls inside the window), drawn as the clerk would see it scrolled to the top.
   */
  const shooter = (journey: 'journey1' | 'journey2') => {
    let n = 0;
    const started = Date.now();
    return async (page: Page, name: string): Promise<void> => {
      n += 1;
      const file = `${journey}-${String(n).padStart(2, '0')}-${name}`;
      await h.settled(page);
      const height = await page.evaluate(() => {
        let tallest = document.documentElement.scrollHeight;
        for (const body of document.querySelectorAll<HTMLElement>('.ant-drawer-open .ant-drawer-body')) {
          body.scrollTop = 0;
          tallest = Math.max(tallest, window.innerHeight + body.scrollHeight - body.clientHeight);
        }
        return tallest;
      });
      await page.setViewportSize({ width: VIEWPORT.width, height: Math.max(VIEWPORT.height, height) });
      await h.settled(page);
      await page.screenshot({ path: path.join(SCREENSHOTS, `${file}.png`) });
      await page.setViewportSize(VIEWPORT);
      written.push(file);
      console.log(`${file}: ${Math.round((Date.now() - started) / 1000)} s`);
    };
  };

  /** The serious and critical violations found, asserted at the end so one page's finding does not hide the next step's. */
  const found: string[] = [];

  /**
   * axe-core on the page as it is now (`where` is "journeyN what"); its serious and critical violations are kept for
   * the final check. A page or dialog already audited in the first journey is not audited again.
   */
  const audit = async (page: Page, where: string): Promise<void> => {
    const what = where.slice(where.indexOf(' ') + 1);
    if (Object.keys(axeCounts).some((k) => k.slice(k.indexOf(' ') + 1) === what)) return;
    const violations = await h.audit(page, where);
    axeCounts[where] = violations.length;
    found.push(...violations);
  };

  /** A fresh browser signed in as `username`; its context lets axe past the CSP. */
  const signIn = async (username: string): Promise<Page> => {
    const page = await h.newPage({ viewport: VIEWPORT, bypassCSP: true });
    page.setDefaultTimeout(20_000);
    await page.goto('/login');
    await page.getByLabel('用户名').fill(username);
    await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: label('登录') }).click();
    await page.getByTestId('current-user').waitFor({ timeout: 15_000 });
    return page;
  };

  /** The server's present catches up with the browser's (whose clock flows on), so "now" on the page is not in the server's future. */
  const catchUp = async (page: Page): Promise<void> => {
    const browserNow = await page.evaluate(() => Date.now());
    h.sys.clock.set(new Date(Math.max(h.sys.clock.now().getTime(), browserNow + 60_000)));
  };

  const drawer = (page: Page, title: string | RegExp): Locator =>
    page.locator('.ant-drawer-open').filter({ has: page.locator('.ant-drawer-title', { hasText: title }) });
  const modal = (page: Page, title: string): Locator => page.getByRole('dialog', { name: title });

  /** The form item whose own label is `text`. */
  const item = (scope: Locator, text: string | RegExp): Locator =>
    scope
      .locator('.ant-form-item-label label')
      .getByText(text, { exact: true })
      .first()
      .locator('xpath=ancestor::div[contains(concat(" ", normalize-space(@class), " "), " ant-form-item ")][1]');

  /** Uploads a file into the AttachmentField (or Upload) of `field` and waits until it is stored. */
  const upload = async (field: Locator, name: string, shape: Shape = 'pdf', sentLater = false): Promise<void> => {
    await field.locator('input[type=file]').setInputFiles({ name, mimeType: FILES[shape].mimeType, buffer: FILES[shape].buffer(name) });
    // A file sent with the form (the demand's photos) is only listed; the others are stored at once.
    await field.locator(sentLater ? '.ant-upload-list-item' : '.ant-upload-list-item-done').filter({ hasText: name }).waitFor();
  };

  /** Clicks a button offering a confirmation and confirms it. */
  const confirm = async (page: Page, button: string): Promise<void> => {
    await page.getByRole('button', { name: button, exact: true }).first().click();
    const ok = page.locator('.ant-popconfirm').getByRole('button', { name: label('确认') });
    await ok.waitFor();
    await h.settled(page);
    await ok.click();
  };

  /**
   * The success message of a step; then a few minutes pass on the server's clock (which stands still otherwise), so
   * the steps of one sitting are told apart in the history.
   */
  const succeeded = async (page: Page, text: string): Promise<void> => {
    await page.locator('.ant-message').getByText(text).first().waitFor();
    h.sys.clock.advanceMinutes(3);
  };

  /** The state tag in the case page's header. */
  const stateIs = async (page: Page, status: string): Promise<void> => {
    await page.locator('.ant-card').first().locator('.ant-tag').getByText(status, { exact: true }).waitFor();
  };

  /** Types a date (and time) into an antd picker input and confirms it. */
  const typeDate = async (input: Locator, text: string): Promise<void> => {
    await input.click();
    await input.fill(text);
    await input.press('Enter');
  };

  const openProjectPage = async (page: Page, id: number): Promise<void> => {
    await page.goto(`/projects/${id}`);
    await page.getByRole('tab', { name: '项目概况' }).waitFor();
  };

  /** 录入诉求 at the desk: the dialog's fields, 登记并交派, and the tracking number shown. */
  const enterDemand = async (
    page: Page,
    shot: (page: Page, name: string) => Promise<void>,
    journey: string,
    d: { proposer: string; phone: string; kind: string; channel: string; community?: string; location: string; title: string; description: string },
  ): Promise<void> => {
    await h.openMenu(page, '诉求');
    await page.getByText(/共 \d+ 件诉求/).waitFor();
    await page.getByRole('button', { name: /录入诉求/ }).click();
    const dialog = modal(page, '录入诉求');
    await dialog.getByLabel('姓名或名称').fill(d.proposer);
    await dialog.getByLabel('联系电话').fill(d.phone);
    await h.choose(page, dialog.getByLabel('提议人类别'), d.kind);
    await h.choose(page, dialog.getByLabel('来源渠道'), d.channel);
    if (d.community !== undefined) await h.choose(page, dialog.getByLabel('属地村（社区）'), d.community);
    await dialog.getByLabel('诉求地点').fill(d.location);
    await dialog.getByLabel('诉求标题').fill(d.title);
    await dialog.getByLabel('诉求内容').fill(d.description);
    await upload(item(dialog, '现场照片'), '现场照片.png', 'png', true);
    await audit(page, `${journey} 录入诉求`);
    await shot(page, 'demand-entry');
    await dialog.getByRole('button', { name: '登记并交派' }).click();
    await dialog.getByText('诉求已登记').waitFor();
    await dialog.getByText('查询编号').waitFor();
    await shot(page, 'demand-entered');
    await dialog.getByRole('button', { name: label('完成') }).click();
    await page.getByRole('row').filter({ hasText: d.title }).getByText('已交派待接收').waitFor();
  };

  /** The community opens the demand from its list, its full page, acknowledges it and triages it (adopted); the project's id. */
  const acknowledgeAndTriage = async (
    page: Page,
    shot: (page: Page, name: string) => Promise<void>,
    journey: string,
    d: { title: string; summary: string; projectTitle: string },
  ): Promise<number> => {
    await h.openMenu(page, '诉求');
    const row = page.getByRole('row').filter({ hasText: d.title });
    await row.locator('a').first().click();
    const side = page.locator('.ant-drawer-open');
    await side.getByRole('link', { name: /打开完整页面/ }).click();
    await page.waitForURL(/\/demands\/\d+$/);
    await page.getByRole('tab', { name: '诉求信息' }).waitFor();
    await stateIs(page, '已交派待接收');
    await audit(page, `${journey} /demands/:id`);
    await shot(page, 'demand-page');

    await confirm(page, '接收诉求');
    await succeeded(page, '「接收诉求」已完成');
    await stateIs(page, '已接收待研判');

    await catchUp(page);
    await page.getByRole('button', { name: '两委联席会议研判' }).click();
    const triage = modal(page, '两委联席会议研判');
    await triage.getByLabel('会议研判意见').fill(d.summary);
    await triage.locator('input[type=file]').setInputFiles({ name: '两委联席会议纪要.pdf', mimeType: 'application/pdf', buffer: samplePdf('两委联席会议纪要') });
    await triage.locator('.ant-upload-list-item-done').getByText('两委联席会议纪要.pdf').waitFor();
    await triage.getByLabel('项目名称').fill(d.projectTitle);
    await audit(page, `${journey} 两委联席会议研判`);
    await shot(page, 'triage');
    await triage.getByRole('button', { name: '提交研判结果' }).click();
    await succeeded(page, '「两委联席会议研判」已完成');
    await stateIs(page, '已立项');
    // The demand's page links to the project it became.
    const link = page.getByRole('link', { name: new RegExp(d.projectTitle) });
    await link.waitFor();
    await shot(page, 'triaged');
    await link.click();
    await page.waitForURL(/\/projects\/\d+$/);
    await stateIs(page, '待协商');
    return Number(new URL(page.url()).pathname.split('/').pop());
  };

  /** 登记协商会议: every field of 附件1 §二, passed, with the agreed result and both uploads. */
  const recordConsultation = async (
    page: Page,
    shot: (page: Page, name: string) => Promise<void>,
    journey: string,
    c: {
      heldAt: string;
      place: string;
      host: string;
      recorder: string;
      forms: readonly string[];
      participants: readonly string[];
      headCount: string;
      content: string;
      beneficiaries: string;
      mode: string;
      budget: string;
      funds: readonly (readonly [string, string])[];
      implementer: string;
      period: readonly [string, string];
    },
  ): Promise<void> => {
    await page.getByRole('button', { name: '登记协商会议' }).click();
    const form = drawer(page, '登记协商会议');
    await form.waitFor();
    // The drawer slides in and its form fills from the case; the first field is typed into once that is done.
    await h.settled(page);
    await typeDate(form.getByLabel('协商时间'), c.heldAt);
    await form.getByLabel('协商地点').fill(c.place);
    await form.getByLabel('主持人').fill(c.host);
    await form.getByLabel('记录人').fill(c.recorder);
    for (const f of c.forms) await form.getByRole('checkbox', { name: f, exact: true }).check();
    for (const p of c.participants) await form.getByRole('checkbox', { name: p, exact: true }).check();
    await form.getByLabel('合共').fill(c.headCount);
    await form.getByRole('radio', { name: '通过', exact: true }).check();
    await form.getByLabel('1. 项目建设（服务）内容').fill(c.content);
    await form.getByLabel('2. 项目惠及人群').fill(c.beneficiaries);
    await form.getByRole('radio', { name: c.mode, exact: true }).check();
    await form.getByLabel('项目经费预算（万元）').fill(c.budget);
    for (const [source, amount] of c.funds) {
      await form.getByRole('checkbox', { name: source, exact: true }).check();
      await form.getByLabel(`${source}金额（万元）`).fill(amount);
    }
    await form.getByText('与预算一致').waitFor();
    await form.getByLabel('6. 实施主体（承接服务方）').fill(c.implementer);
    await typeDate(form.getByPlaceholder('开始日期'), c.period[0]);
    await typeDate(form.getByPlaceholder('结束日期'), c.period[1]);
    await upload(item(form, '协商会议记录'), '协商会议记录.pdf');
    await upload(item(form, '协商会议签到表'), '协商会议签到表.pdf');
    await audit(page, `${journey} 登记协商会议`);
    await shot(page, 'consultation');
    await form.getByRole('button', { name: '提交协商情况' }).click();
    await succeeded(page, '「登记协商会议」已完成');
    await stateIs(page, '协商通过待备案');
  };

  /** 提交登记备案表: 附件1 §一 (the rest comes from the consultation); `okText` is the path's button. */
  const submitRegistration = async (
    page: Page,
    shot: (page: Page, name: string) => Promise<void>,
    journey: string,
    r: { category: string; subcategory: string; notice: string; okText: string; contact: readonly [string, string, string] },
  ): Promise<void> => {
    await page.getByRole('button', { name: '提交登记备案表' }).click();
    const form = drawer(page, /^提交登记备案表/);
    await form.waitFor();
    await form.getByRole('radio', { name: r.category, exact: true }).check();
    await h.choose(page, form.getByLabel('细类'), r.subcategory);
    await form.getByLabel('项目联系人').fill(r.contact[0]);
    await form.getByLabel('职务').fill(r.contact[1]);
    await form.getByLabel('联系电话').fill(r.contact[2]);
    // 实施地点 starts from the demand's location.
    expect(await form.getByLabel('实施地点').inputValue()).not.toBe('');
    await form.getByText(r.notice, { exact: true }).waitFor();
    await audit(page, `${journey} 提交登记备案表`);
    await shot(page, 'registration');
    await form.locator('.ant-drawer-footer').getByRole('button', { name: r.okText }).click();
    await succeeded(page, '「提交登记备案表」已完成');
  };

  /** The publicity window ends: the clock moves past its end and the deadline job runs, as the server's timer would. */
  const endPublicity = async (id: number): Promise<void> => {
    const cookie = await h.sys.login('town');
    const view = (await h.sys.request('GET', `/api/projects/${id}`, { cookie })).json<{ state: { publicity: { endsAt: string } | null } }>();
    const endsAt = view.state.publicity?.endsAt;
    expect(endsAt).toBeDefined();
    h.sys.clock.set(new Date(Date.parse(endsAt ?? '') + 60_000));
    await h.sys.app.services.deadlineWatch.run(h.sys.clock.now());
    // The clerk comes back the next morning (the window ends at midnight).
    h.sys.clock.advance(9 * 3_600_000);
  };

  /** 录入纸质测评表: 30 sheets typed digit by digit into the grid (25 非常满意, 4 满意, 1 不满意; 其他 left blank). */
  const keyInSurvey = async (page: Page, shot: (page: Page, name: string) => Promise<void>, journey: string): Promise<void> => {
    await page.getByRole('button', { name: '录入纸质测评表' }).click();
    const form = drawer(page, '满意度测评');
    await form.waitFor();
    await form.locator('[data-cell="0-0"]').click();
    // Per sheet eight items, 0 for the blank 其他; the focus is then on 意见建议, where Enter goes to the next sheet.
    const sheet = (level: string) => `${level.repeat(7)}0\n`;
    await page.keyboard.type(`${sheet('1').repeat(25)}${sheet('2').repeat(4)}${sheet('4')}`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-cell') ?? null)).toBe('30-0');
    const footer = form.locator('.ant-drawer-footer');
    await footer.getByText('本次录入 30 份完整测评表').waitFor();
    await footer.getByText(/参与测评人数合计\s*30\s*人/).waitFor();
    await footer.getByText('满意率 96.7%').waitFor();
    await form.getByText('人数已达要求').waitFor();
    await audit(page, `${journey} 录入纸质测评表`);
    await shot(page, 'survey-keyed');
    await footer.getByRole('button', { name: '提交 30 份测评表' }).click();
    await succeeded(page, '「录入纸质测评表」已完成');

    await page.getByRole('button', { name: '完成满意度测评' }).click();
    const complete = modal(page, '完成满意度测评');
    await complete.getByText(/30/).first().waitFor();
    await audit(page, `${journey} 完成满意度测评`);
    await shot(page, 'survey-complete');
    await complete.getByRole('button', { name: label('完成测评') }).click();
    await succeeded(page, '「完成满意度测评」已完成');
  };

  /** 提交结项表: §一 as prefilled, the actual spending per row, §三, results with a photo and the attachments checklist. */
  const fileClosure = async (
    page: Page,
    shot: (page: Page, name: string) => Promise<void>,
    journey: string,
    c: { beneficiaryCount: string; actual: readonly (readonly [RegExp, string])[]; implementation: (form: Locator) => Promise<void>; results: string; surveyShown: string },
  ): Promise<void> => {
    await page.getByRole('button', { name: '提交结项表' }).first().click();
    const form = drawer(page, '提交结项表');
    await form.waitFor();
    await form.getByLabel('受益人数').fill(c.beneficiaryCount);
    for (const [row, amount] of c.actual) await form.getByLabel(row).fill(amount);
    await c.implementation(form);
    await form.getByLabel('项目成效', { exact: true }).fill(c.results);
    await upload(item(form, /^照片/), '完工现场照片.png', 'png');
    await form.getByText(c.surveyShown).first().waitFor();
    const tendering = item(form, '项目是否开展招投标');
    await tendering.getByRole('radio', { name: '否', exact: true }).check();
    await upload(item(form, '1. 东莞市“民生大莞家”服务项目“民生微实事”登记备案表（需加盖公章）'), '登记备案表（盖章）.pdf');
    await upload(item(form, '2. 工程合同（服务协议）或帮扶协议'), '服务协议.pdf');
    await upload(item(form, '3. 发票'), '发票.pdf');
    await upload(item(form, /^4\. 其他资料：采购备案表/), '采购备案表.pdf');
    await form.getByText('必需资料已上传 3/3').waitFor();
    await audit(page, `${journey} 提交结项表${c.surveyShown === '参与测评人数' ? '（含满意度测评）' : ''}`);
    await shot(page, 'closure');
    await form.locator('.ant-drawer-footer').getByRole('button', { name: '提交结项表' }).click();
    await succeeded(page, '「提交结项表」已完成');
  };

  it('journey 1: a 20万元 engineering project on the town path, from the town’s desk to 办结', async () => {
    const shot = shooter('journey1');
    const J = 'journey1';
    const demand = {
      title: '示例社区一5巷路面破损积水，排水沟堵塞',
      projectTitle: '示例社区一5巷路面硬化及排水沟改造工程',
    };

    // 1. Town staff enter a demand brought to the town's service centre.
    const town = await signIn('town');
    await enterDemand(town, shot, J, {
      proposer: '陈志强',
      phone: '13800138001',
      kind: '群众',
      channel: '镇（街道）政务服务中心',
      community: '示例社区一',
      location: '示例社区一5巷',
      title: demand.title,
      description: '5巷路面坑洼，雨天积水没过脚踝，排水沟长期堵塞，老人小孩出行不便，希望尽快硬化路面并疏通改造排水沟。',
    });
    await audit(town, `${J} /demands`);
    await h.close(town.context());

    // 2. Community staff acknowledge and triage it: adopted, minutes uploaded.
    let community = await signIn('community');
    const id = await acknowledgeAndTriage(community, shot, J, {
      title: demand.title,
      summary: '路面和排水沟属公共设施，影响居民出行安全，同意纳入民生微实事，10日内组织协商。',
      projectTitle: demand.projectTitle,
    });
    await audit(community, `${J} /projects/:id`);
    await h.close(community.context());

    // 3. Two days later: the consultation, every field of 附件1 §二, 20万元 from two sources.
    h.sys.clock.set(DAY.j1Consultation);
    community = await signIn('community');
    await h.openMenu(community, '项目');
    await community.getByLabel('关键词').fill(demand.projectTitle);
    await community.getByRole('button', { name: label('查询') }).click();
    await community.getByRole('row').filter({ hasText: demand.projectTitle }).locator('a').first().click();
    await community.locator('.ant-drawer-open').getByRole('link', { name: /打开完整页面/ }).click();
    await community.waitForURL(new RegExp(`/projects/${id}$`));
    await recordConsultation(community, shot, J, {
      heldAt: '2026-10-21 19:30',
      place: '示例社区一党群服务中心二楼会议室',
      host: '黄美玲',
      recorder: '李晓红',
      forms: ['专题议事会', '党群联席会议'],
      participants: ['村（社区）党工委', '村（居）民委员会', '村（居）民小组'],
      headCount: '28',
      content: '5巷路面破损段约600平方米混凝土硬化，新建排水沟120米并接入市政管网。',
      beneficiaries: '5巷及周边居民约320户',
      mode: '莞家速递',
      budget: '20',
      funds: [
        ['“民生大莞家”专项资金', '15'],
        ['村（社区）集体经济', '5'],
      ],
      implementer: '东莞市示例建设工程有限公司',
      period: ['2026-10-28', '2026-11-13'],
    });

    // 4. The 登记备案表: over 5万元, it goes to the town.
    await submitRegistration(community, shot, J, {
      category: '便民工程项目',
      subcategory: '生活环境美化工程',
      notice: '提交后报镇（街道）审核',
      okText: '提交镇（街道）审核',
      contact: ['黄美玲', '社区党委书记', '0769-22112233'],
    });
    await stateIs(community, '镇（街道）审核中');
    await h.close(community.context());

    // 5. Town staff choose the reviewing departments: 住建 and 农林水务.
    let townPage = await signIn('town');
    await openProjectPage(townPage, id);
    await townPage.getByRole('button', { name: '指定会审部门' }).click();
    const reviewers = modal(townPage, '指定会审部门');
    await reviewers.getByLabel('会审职能部门').click();
    for (const name of ['东城街道住建', '东城街道农林水务']) {
      const option = townPage.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: name }).first();
      await option.waitFor();
      await h.settled(townPage);
      await option.click();
      await reviewers.locator('.ant-select-selection-item').getByText(name, { exact: true }).waitFor();
    }
    await townPage.keyboard.press('Escape');
    await audit(townPage, `${J} 指定会审部门`);
    await shot(townPage, 'reviewers');
    await reviewers.getByRole('button', { name: label('确定') }).click();
    await succeeded(townPage, '「指定会审部门」已完成');
    await h.close(townPage.context());

    // 6. Each reviewer gives the four-point opinion on 待我会审.
    for (const [username, department] of [
      ['housing', '住建'],
      ['water', '农林水务'],
    ] as const) {
      const reviewer = await signIn(username);
      await h.openMenu(reviewer, '待我会审');
      const row = reviewer.getByRole('row').filter({ hasText: demand.projectTitle });
      await row.getByRole('button', { name: '填写意见' }).click();
      await reviewer.getByRole('heading', { name: `会审：${demand.projectTitle}` }).waitFor();
      for (let i = 1; i <= 4; i += 1) {
        await reviewer.locator(`[aria-label="第${i}项结论"]`).getByText(i === 4 ? '不可以' : '是', { exact: true }).click();
        await reviewer.getByLabel(`第${i}项意见`).fill(`${department}：第${i}项已核对登记备案表及协商记录，意见明确。`);
      }
      await reviewer.getByLabel(/部门审核意见/).fill(`经${department}部门审核，项目内容、预算依据充分，同意实施。`);
      if (username === 'housing') {
        await audit(reviewer, `${J} 待我会审 填写意见`);
        await shot(reviewer, `opinion-${username}`);
      }
      await reviewer.getByRole('button', { name: '提交审核意见' }).click();
      await succeeded(reviewer, '审核意见已提交');
      await reviewer.getByText('本部门已提交本轮审核意见，等待街道作出审核决定。').waitFor();
      if (username === 'water') {
        await h.openMenu(reviewer, '待我会审');
        await audit(reviewer, `${J} /reviews`);
      }
      await h.close(reviewer.context());
    }

    // 7. Town staff record both departments' stamps and decide: 专项资金资助, with the §三 sentence as composed.
    townPage = await signIn('town');
    await openProjectPage(townPage, id);
    for (const [department, clerk] of [
      ['东城街道住建', '周海涛'],
      ['东城街道农林水务', '钟伟强'],
    ] as const) {
      await townPage.getByRole('button', { name: '登记盖章' }).click();
      const stamp = modal(townPage, '登记盖章（登记备案表）');
      await h.choose(townPage, stamp.getByLabel('盖章部门'), `${department}（会审部门）`);
      await stamp.getByLabel('盖章经办人').fill(clerk);
      await upload(item(stamp, '盖章页扫描件（一份）'), `${department}盖章页.pdf`);
      if (clerk === '周海涛') {
        await audit(townPage, `${J} 登记盖章`);
        await shot(townPage, 'stamp');
      }
      await stamp.getByRole('button', { name: label('登记') }).click();
      await succeeded(townPage, '「登记盖章」已完成');
      await stamp.waitFor({ state: 'hidden' });
    }
    await townPage.getByRole('button', { name: '镇街审核确认' }).click();
    const decide = drawer(townPage, /^镇街审核确认/);
    await decide.waitFor();
    await decide.getByRole('radio', { name: /^专项资金资助/ }).check();
    for (let i = 1; i <= 4; i += 1) {
      await decide.locator(`[aria-label="第${i}项结论"]`).getByText(i === 4 ? '不可以' : '是', { exact: true }).click();
      await decide.getByLabel(`第${i}项意见`).fill(`综合住建、农林水务意见，第${i}项符合要求。`);
    }
    await decide.getByLabel('审核单位（第三部分落款）').fill('东城街道公共服务办');
    const sentence = decide.locator('[aria-live="polite"]').filter({ hasText: '镇（街道）审核意见' });
    await sentence.getByText(/该项目属于“民生大莞家”服务范围，由“民生大莞家”服务机制解决，通过莞家速递途径办理/).waitFor();
    await sentence.getByText(/所需经费20万元，其中15万元从示例社区一“民生大莞家”专项资金中列支，5万元从示例社区一集体经济中列支/).waitFor();
    expect(await sentence.innerText()).toMatch(/经(东城街道)?(住建|农林水务)\/(东城街道)?(住建|农林水务)等部门审核/);
    await audit(townPage, `${J} 镇街审核确认`);
    await shot(townPage, 'decision');
    await decide.getByRole('button', { name: '确认审核意见' }).click();
    await succeeded(townPage, '「镇街审核确认」已完成');
    await stateIs(townPage, '镇（街道）已确认待公示');

    // 8. The town's publicity: the required platforms (ticked already), 5 days.
    await townPage.getByRole('button', { name: '发起公示' }).click();
    const publicity = modal(townPage, '发起公示');
    expect(await publicity.getByRole('spinbutton').inputValue()).toBe('5');
    expect(await publicity.getByRole('checkbox', { checked: true }).count()).toBe(DEFAULT_RULES_CONFIG.publicity.townRequiredChannels.length);
    await audit(townPage, `${J} 发起公示`);
    await shot(townPage, 'publicity');
    await publicity.getByRole('button', { name: '开始公示' }).click();
    await succeeded(townPage, '「发起公示」已完成');
    await stateIs(townPage, '公示中');
    await h.close(townPage.context());

    // 9. The window ends by the job under the test clock.
    await endPublicity(id);

    // 10. Community staff carry it out, then file the 结项表 with its attachments.
    community = await signIn('community');
    await openProjectPage(community, id);
    await stateIs(community, '公示期满待实施');
    await confirm(community, '开始实施');
    await succeeded(community, '「开始实施」已完成');
    await stateIs(community, '实施中');
    await shot(community, 'implementing');
    await h.close(community.context());

    h.sys.clock.set(DAY.j1Completed);
    community = await signIn('community');
    await openProjectPage(community, id);
    await confirm(community, '完成实施');
    await succeeded(community, '「完成实施」已完成');
    await stateIs(community, '已完成待结项');
    await fileClosure(community, shot, J, {
      beneficiaryCount: '960',
      actual: [
        [/^实际投入：“民生大莞家”专项资金/, '14.6'],
        [/^实际投入：村（社区）集体经济/, '5'],
      ],
      implementation: async (form) => {
        await form.getByLabel('施工内容').fill('5巷破损路面混凝土硬化，新建排水沟并接入市政管网。');
        await form.getByLabel('计量单位').fill('平方米');
        await form.getByLabel('计划工程量').fill('600');
        await form.getByLabel('实际工程量').fill('612');
      },
      results: '路面平整，雨天不再积水，排水沟运行顺畅，居民出行安全得到保障。',
      surveyShown: '5万元以上的项目无须填报本栏',
    });
    await stateIs(community, '镇（街道）满意度测评中');
    await h.close(community.context());

    // 11. Town staff key in 30 paper sheets and complete the survey, then close the project.
    h.sys.clock.set(DAY.j1Survey);
    townPage = await signIn('town');
    await openProjectPage(townPage, id);
    await keyInSurvey(townPage, shot, J);
    await stateIs(townPage, '已结项待办结');
    await confirm(townPage, '办结项目');
    await succeeded(townPage, '「办结项目」已完成');

    // 12. The case page at the end: 已办结, the 结项表 with budget and actual and the survey of 30, the history.
    await stateIs(townPage, '已办结');
    await townPage.getByRole('tab', { name: '结项表' }).click();
    const sheet = townPage.getByRole('tabpanel');
    await sheet.getByText('五、满意度测评情况').waitFor();
    await sheet.getByRole('cell', { name: '14.6', exact: true }).first().waitFor();
    await sheet.getByRole('cell', { name: '15', exact: true }).first().waitFor();
    await sheet.getByText('30 人').first().waitFor();
    await sheet.getByText('96.7%').first().waitFor();
    await audit(townPage, `${J} /projects/:id?tab=closure`);
    await shot(townPage, 'closed-closure');
    await townPage.getByRole('tab', { name: '办理记录与反馈' }).click();
    const history = townPage.getByRole('tabpanel');
    for (const step of ['登记协商会议', '提交登记备案表', '指定会审部门', '填报部门审核意见', '登记盖章', '镇街审核确认', '发起公示', '公示期满', '开始实施', '完成实施', '提交结项表', '录入纸质测评表', '完成满意度测评', '办结项目']) {
      await history.getByText(step, { exact: true }).first().waitFor();
    }
    await audit(townPage, `${J} /projects/:id?tab=history`);
    await shot(townPage, 'closed-history');
  }, 300_000);

  it('journey 2: a 3万元 service project on the small path, the community’s own publicity and survey', async () => {
    const shot = shooter('journey2');
    const J = 'journey2';
    const demand = {
      title: '示例社区一独居长者希望每周有人上门探访',
      projectTitle: '示例社区一独居长者上门探访服务',
    };
    h.sys.clock.set(DAY.j2Start);

    // 1. Community staff enter a demand brought to the community's party-mass centre, acknowledge and triage it.
    let community = await signIn('community');
    await enterDemand(community, shot, J, {
      proposer: '何秀英',
      phone: '13800138002',
      kind: '群众',
      channel: '村（社区）党群服务中心',
      location: '示例社区一3巷至8巷',
      title: demand.title,
      description: '辖区不少独居长者子女在外，平日无人照看，希望社区组织志愿者和社工每周上门探访，陪伴聊天、检查安全隐患。',
    });
    const id = await acknowledgeAndTriage(community, shot, J, {
      title: demand.title,
      summary: '属为老服务，符合民生微实事范围，同意立项，组织居民协商服务方案。',
      projectTitle: demand.projectTitle,
    });
    await h.close(community.context());

    // 2. The consultation: 3万元, all from the special fund; the registration is 备案 without the town.
    h.sys.clock.set(DAY.j2Consultation);
    community = await signIn('community');
    await openProjectPage(community, id);
    await recordConsultation(community, shot, J, {
      heldAt: '2026-11-19 19:30',
      place: '示例社区一长者饭堂',
      host: '黄美玲',
      recorder: '李晓红',
      forms: ['村（居）民小组会议'],
      participants: ['村（居）民委员会', '社区社会组织'],
      headCount: '16',
      content: '组织社工和志愿者每周上门探访辖区独居长者，陪伴聊天、检查用电用气安全，建立探访台账。',
      beneficiaries: '辖区独居长者约45人',
      mode: '莞家速递',
      budget: '3',
      funds: [['“民生大莞家”专项资金', '3']],
      implementer: '东莞市示例社会工作服务中心',
      period: ['2026-11-27', '2026-12-11'],
    });
    await submitRegistration(community, shot, J, {
      category: '公益服务项目',
      subcategory: '老年人服务',
      notice: '提交后即完成备案，无须镇（街道）确认',
      okText: '提交备案',
      contact: ['黄美玲', '社区党委书记', '0769-22112233'],
    });
    await stateIs(community, '已备案待公示（5万元以下）');

    // 3. The community's own publicity (R5.2).
    await community.getByRole('button', { name: '发起公示' }).click();
    const publicity = modal(community, '发起公示');
    expect(Number(await publicity.getByRole('spinbutton').inputValue())).toBeGreaterThanOrEqual(5);
    await audit(community, `${J} 发起公示（村（社区）自行公示）`);
    await shot(community, 'publicity');
    await publicity.getByRole('button', { name: '开始公示' }).click();
    await succeeded(community, '「发起公示」已完成');
    await stateIs(community, '公示中');
    await h.close(community.context());

    await endPublicity(id);

    // 4. Implementation, then the community's own survey before the 结项表 (R6.2).
    community = await signIn('community');
    await openProjectPage(community, id);
    await confirm(community, '开始实施');
    await stateIs(community, '实施中');
    await h.close(community.context());
    h.sys.clock.set(DAY.j2Completed);
    community = await signIn('community');
    await openProjectPage(community, id);
    await confirm(community, '完成实施');
    await stateIs(community, '已完成待结项');
    await shot(community, 'completed');
    await keyInSurvey(community, shot, J);
    await stateIs(community, '已完成待结项');

    // 5. The 结项表 with the survey included, then 办结.
    await fileClosure(community, shot, J, {
      beneficiaryCount: '45',
      actual: [[/^实际投入：“民生大莞家”专项资金/, '2.95']],
      implementation: async (form) => {
        await form.getByLabel('服务时间').fill('2026年11月27日至12月11日，每周二、周五上午');
        await form.getByLabel('服务地点').fill('示例社区一独居长者家中');
        await form.getByLabel('参与人数').fill('52');
      },
      results: '共上门探访独居长者180人次，排查并整改用电安全隐患12处，长者普遍反映有人惦记、心里踏实。',
      surveyShown: '参与测评人数',
    });
    await stateIs(community, '已结项待办结');
    await confirm(community, '办结项目');
    await succeeded(community, '「办结项目」已完成');
    await stateIs(community, '已办结');
    await community.getByRole('tab', { name: '结项表' }).click();
    const sheet = community.getByRole('tabpanel');
    await sheet.getByRole('cell', { name: '2.95', exact: true }).first().waitFor();
    await sheet.getByText('30 人').first().waitFor();
    await shot(community, 'closed-closure');
    await community.getByRole('tab', { name: '办理记录与反馈' }).click();
    const history = community.getByRole('tabpanel');
    for (const step of ['两委联席会议研判', '登记协商会议', '提交登记备案表', '发起公示', '公示期满', '开始实施', '完成实施', '录入纸质测评表', '完成满意度测评', '提交结项表', '办结项目']) {
      await history.getByText(step, { exact: true }).first().waitFor();
    }
    expect(await history.getByText('镇街审核确认', { exact: true }).count()).toBe(0);
    await shot(community, 'closed-history');
  }, 300_000);

  it('every journey screenshot was written, and the axe counts are kept', () => {
    for (const name of written) expect(fs.existsSync(path.join(SCREENSHOTS, `${name}.png`)), name).toBe(true);
    expect(written.filter((n) => n.startsWith('journey1-')).length).toBeGreaterThanOrEqual(12);
    expect(written.filter((n) => n.startsWith('journey2-')).length).toBeGreaterThanOrEqual(10);
    fs.writeFileSync(path.join(SCREENSHOTS, 'journeys-axe.json'), `${JSON.stringify({ counts: axeCounts, serious: found }, null, 2)}\n`);
  });

  it('no page or dialog of the journeys has a serious or critical accessibility violation (axe-core)', () => {
    expect(Object.keys(axeCounts).length).toBeGreaterThanOrEqual(20);
    expect(found).toEqual([]);
  });
});
