/**
 * The residents' portal (/m/) in Chromium on a phone's screen (390×844), without an account: raise a need with a photo
 * (a wrong file said at once, a disguised one refused by the server, nothing kept) and follow it through its three
 * feedbacks — the community's receipt, its decision, and 办结 with the results and photos on the project page —, claim a
 * 莞家直达 project in 公示 (R5.5), read a project in 公示 and raise an
 * objection, answer a survey by a one-time link (then open the used link again) and by project (then be refused a
 * second answer from the same phone), and the same pages in 大字模式, which persists across a reload. Every page is
 * screenshotted (portal-NN-…) and audited with axe-core in both modes. Needs the built web app (`npm run build:web`).
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { multipart, samplePng } from '../support/files.js';
import {
  acknowledge,
  at,
  basics,
  call,
  closeSmallProject,
  consult,
  consultationResult,
  cookieOf,
  ok,
  openProject,
  register,
  reviewPoints,
  step,
  TOWN_CHANNELS,
  triageAdopt,
  unitOf,
} from '../server/cases/flow.js';
import { NOW, SCREENSHOTS, useHarness } from './harness.js';

/** A phone's screen. */
const VIEWPORT = { width: 390, height: 844 };

const RESIDENT_PHONE = '13812345678';
const SURVEY_PHONE = '13987654321';

/** The raised need's project: 3万元, the small path (备案 without the town's confirmation, R3.4). */
const BUDGET_FEN = 3_000_000;

/** `hours` after the harness's NOW. */
const later = (hours: number): string => new Date(Date.parse(NOW) + hours * 3_600_000).toISOString();

interface PublicItem {
  readonly id: number;
  readonly name: string;
  readonly participation: { readonly objection: boolean; readonly survey: boolean };
}

describe('the residents’ portal on a phone', () => {
  const h = useHarness({ demoCases: true });
  /** Serious and critical axe-core violations, over every page audited. */
  const violations: string[] = [];
  /** The portal paths visited in the normal mode, audited again in 大字模式. */
  const visited = new Set<string>();
  let n = 0;

  // This run's portal screenshots only: a numbered file left by an earlier run would be mistaken for one of this run.
  beforeAll(() => {
    for (const file of fs.readdirSync(SCREENSHOTS)) if (file.startsWith('portal-')) fs.rmSync(`${SCREENSHOTS}/${file}`);
  });

  const phone = (): Promise<Page> => h.newPage({ viewport: VIEWPORT, bypassCSP: true });

  /** Screenshots and audits the page as it is now. */
  const look = async (page: Page, name: string): Promise<void> => {
    n += 1;
    await h.shot(page, `portal-${String(n).padStart(2, '0')}-${name}`);
    violations.push(...(await h.audit(page, name)));
    const url = new URL(page.url());
    visited.add(`${url.pathname}${url.search}`);
  };

  /** Answers the arithmetic check as a resident would (each question is single-use: a new one after every try). */
  const answerChallenge = async (page: Page): Promise<void> => {
    const question = page.getByLabel(/^验证题：/);
    await question.waitFor();
    const text = (await page.locator('label', { hasText: '验证题：' }).innerText()).trim();
    const sum = /(\d+)\s*(加|减)\s*(\d+)/.exec(text);
    expect(sum, text).not.toBeNull();
    const [a, op, b] = [Number(sum?.[1]), sum?.[2], Number(sum?.[3])];
    await question.fill(String(op === '加' ? a + b : a - b));
  };

  /** Two photos of the site, before and after (a phone's JPEG, 1600×1200, with EXIF), uploaded to the project. */
  const sitePhotos = async (projectId: number): Promise<number[]> => {
    const ids: number[] = [];
    for (const [name, colour, caption] of [['施工前.jpg', '#8d6e63', 'BEFORE'], ['施工后.jpg', '#43a047', 'AFTER']] as const) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="1200"><rect width="1600" height="1200" fill="${colour}"/><circle cx="800" cy="420" r="160" fill="#fff59d"/><rect x="760" y="580" width="80" height="520" fill="#455a64"/><text x="800" y="1160" font-size="96" text-anchor="middle" fill="#fff" font-family="sans-serif">${caption}</text></svg>`;
      const bytes = await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).withExif({ IFD0: { Model: 'Phone' } }).toBuffer();
      const body = multipart({ kind: 'photo' }, { name, type: 'image/jpeg', bytes });
      const res = await h.sys.app.inject({
        method: 'POST',
        url: `/api/projects/${projectId}/attachments`,
        headers: { cookie: await cookieOf(h.sys, 'community'), 'content-type': body.contentType },
        payload: body.payload,
      });
      ids.push(ok(res, 201).json<{ id: number }>().id);
    }
    return ids;
  };

  const publicProjects = async (query: string): Promise<readonly PublicItem[]> =>
    ok(await h.sys.request('GET', `/api/public/projects?${query}`)).json<{ items: PublicItem[] }>().items;

  it('raises a need with a photo and follows it through its three feedbacks to the results and photos', async () => {
    const page = await phone();
    await page.goto('/m/');
    await page.getByRole('heading', { name: '民生微实事', level: 1 }).waitFor();
    await look(page, 'home');

    await page.goto('/m/raise');
    await page.getByRole('heading', { name: '我要提需求', level: 1 }).waitFor();
    await page.getByLabel('所在镇（街道）').selectOption({ label: '东城街道' });
    await page.getByLabel('所在村（社区）').selectOption({ label: '示例社区一' });
    await page.getByLabel('具体地点').fill('幸福路3巷路口');
    await page.getByLabel('需求内容').fill('路口的路灯坏了一个多月，晚上接孩子放学看不清路，希望尽快修好。');
    const photoInput = page.locator('input[type="file"]');
    // A document picked by mistake is said at once; a file dressed as a photo is refused by the server, clearly.
    await photoInput.setInputFiles({ name: '说明.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 not a photo') });
    await page.getByText('第1张不是 JPG 或 PNG 照片，请删掉后重新选择').waitFor();
    await look(page, 'raise-wrong-photo');
    await page.getByRole('button', { name: '删除第1张照片' }).click();
    await photoInput.setInputFiles({ name: '伪装.png', mimeType: 'image/png', buffer: Buffer.from('<script>alert(1)</script>') });
    await page.getByLabel('姓名或称呼').fill('陈女士');
    await page.getByLabel('手机号').fill(RESIDENT_PHONE);
    await page.getByRole('checkbox', { name: /我已阅读并同意/ }).check();
    await answerChallenge(page);
    await page.getByRole('button', { name: '提交需求' }).click();
    await page.locator('.problem, [role="alert"]').filter({ hasText: /照片/ }).first().waitFor();
    await look(page, 'raise-photo-refused');
    expect(await h.sys.database.db.selectFrom('demand').select('id').where('proposer_phone', '=', RESIDENT_PHONE).execute()).toEqual([]);

    await page.getByRole('button', { name: '删除第1张照片' }).click();
    await photoInput.setInputFiles({ name: '路灯.png', mimeType: 'image/png', buffer: samplePng() });
    await page.getByRole('img', { name: '第1张照片' }).waitFor();
    await answerChallenge(page);
    await look(page, 'raise-filled');

    await page.getByRole('button', { name: '提交需求' }).click();
    await page.getByRole('heading', { name: '提交成功', level: 1 }).waitFor();
    await expect.poll(() => page.getByText('已收到照片 1 张。').isVisible()).toBe(true);
    const trackingNumber = (await page.locator('.big-number').innerText()).trim();
    expect(trackingNumber).toMatch(/^[A-Z0-9-]{4,40}$/);
    await look(page, 'raise-received');

    // The community receives the need and its 两委 meeting adopts it, through the API.
    const list = ok(await call(h.sys, 'community', 'GET', `/api/demands?keyword=${encodeURIComponent(trackingNumber)}`)).json<{
      items: { id: number; number: string; version: number }[];
    }>();
    const demand = list.items.find((d) => d.number === trackingNumber);
    expect(demand, JSON.stringify(list)).toBeDefined();
    if (demand === undefined) return;
    at(h.sys, later(1));
    const acked = await acknowledge(h.sys, 'community', demand);
    at(h.sys, later(3));
    const projectId = await triageAdopt(h.sys, 'community', acked, '幸福路3巷路口路灯维修', later(2));
    // The decision (反馈2) goes out when the community files the 登记备案表 of the consultation's result (R3.4).
    at(h.sys, later(5));
    const result = consultationResult(BUDGET_FEN, { period: { start: '2026-10-26', end: '2026-11-20' } });
    ok(await consult(h.sys, 'community', projectId, { heldAt: later(4), result }));
    at(h.sys, later(6));
    ok(await register(h.sys, 'community', projectId, basics(BUDGET_FEN)));

    await page.getByRole('link', { name: '查询办理进度' }).click();
    await page.getByRole('heading', { name: '查询办理进度', level: 1 }).waitFor();
    await expect(page.getByLabel('查询编号').inputValue()).resolves.toBe(trackingNumber);
    await page.getByLabel('手机号').fill(RESIDENT_PHONE);
    await look(page, 'track-form');
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByRole('heading', { name: '办理进度', level: 1 }).waitFor();
    const feedbacks = page.locator('section[aria-labelledby="fb"] ol.steps > li');
    await expect.poll(() => feedbacks.count()).toBe(2);
    await page.getByRole('heading', { name: '收到的反馈（2 条）' }).waitFor();
    expect(await feedbacks.nth(0).innerText()).toContain('受理反馈');
    expect(await feedbacks.nth(1).innerText()).toContain('确认结果反馈');
    await look(page, 'track-feedbacks');

    // The community carries the project to 办结 (publicity, implementation, 30 paper sheets, 结项表): feedback 3.
    await closeSmallProject(h.sys, 'community', projectId, { from: later(7), actualFen: 2_900_000, photoAttachmentIds: await sitePhotos(projectId) });
    await page.goto(`/m/track?no=${encodeURIComponent(trackingNumber)}`);
    await page.getByLabel('手机号').fill(RESIDENT_PHONE);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByRole('heading', { name: '收到的反馈（3 条）' }).waitFor();
    expect(await feedbacks.nth(2).innerText()).toContain('办理结果反馈');
    await look(page, 'track-result-feedback');

    await page.getByRole('link', { name: /查看对应项目/ }).click();
    await page.getByRole('heading', { name: '办理结果（结项表摘要）' }).waitFor();
    const photos = page.getByRole('img', { name: /项目成效照片第\d张/ });
    await expect.poll(() => photos.count()).toBe(2);
    await expect.poll(() => photos.evaluateAll((imgs) => imgs.every((i) => i instanceof HTMLImageElement && i.complete && i.naturalWidth > 0))).toBe(true);
    await page.getByRole('heading', { name: '办理结果（结项表摘要）' }).scrollIntoViewIfNeeded();
    await look(page, 'project-results');
    // Back to the day of the demo's cases, whose publicity the next test joins.
    at(h.sys, later(8));
  });

  it('reads a project in 公示 and raises an objection that is then listed', async () => {
    const inPublicity = (await publicProjects('list=publicity&phase=active&limit=100')).find((p) => p.participation.objection);
    expect(inPublicity).toBeDefined();
    if (inPublicity === undefined) return;
    const page = await phone();
    await page.goto(`/m/projects/${inPublicity.id}`);
    await page.getByRole('heading', { name: inPublicity.name, level: 2 }).waitFor();
    await look(page, 'project-publicity');

    await page.getByRole('button', { name: /提出异议/ }).click();
    const objection = '建议把健身器材放在远离住户窗户的一侧，避免晚上噪音扰民。';
    await page.getByLabel('您的意见').fill(objection);
    await page.getByLabel('姓名').fill('李先生');
    await page.getByLabel('手机号').fill('13700001111');
    await look(page, 'objection-filled');
    await page.getByRole('button', { name: '提交异议' }).click();
    await page.getByText('您的异议已提交').waitFor();
    await expect.poll(() => page.locator('section[aria-labelledby="obj"]').getByText(`异议：${objection}`).isVisible()).toBe(true);
    await look(page, 'objection-listed');
  });

  it('claims a 莞家直达 project in 公示 as a social organization (R5.5); the community sees the claim', async () => {
    // A 15万元 莞家直达 service, confirmed by the town and publicized, through the API.
    const title = '独居长者助餐配送服务（莞家直达）';
    const budget = 15_000_000;
    const communityId = (await unitOf(h.sys, 'community')).id;
    at(h.sys, later(9));
    const projectId = await openProject(h.sys, 'community', { communityId, title, heldAt: later(8.5) });
    at(h.sys, later(10));
    const result = consultationResult(budget, { mode: 'direct', period: { start: '2026-11-01', end: '2026-12-31' }, implementer: '待认领方承接' });
    ok(await consult(h.sys, 'community', projectId, { heldAt: later(9.5), result }));
    at(h.sys, later(11));
    ok(await register(h.sys, 'community', projectId, basics(budget, { category: 'service', subcategory: 'S1', projectName: title, content: '为独居老人每日配送午餐。' })));
    at(h.sys, later(12));
    await step(h.sys, 'town', projectId, 'review-decision', { decision: { outcome: 'specialFund', townOfficeName: '东城街道公共服务办', points: reviewPoints() } });
    await step(h.sys, 'town', projectId, 'publicity', { days: 5, channels: [...TOWN_CHANNELS] });

    const page = await phone();
    await page.goto(`/m/projects/${projectId}`);
    await page.getByRole('heading', { name: '认领项目（莞家直达）', level: 2 }).waitFor();
    await page.getByRole('button', { name: '我要认领' }).click();
    await page.getByRole('button', { name: '社会组织' }).click();
    await page.getByLabel('单位名称').fill('东莞市某某社会工作服务中心');
    await page.getByLabel(/^联系人/).fill('何敏');
    await page.getByLabel('联系电话').fill('13800001111');
    await page.getByLabel('认领说明').fill('愿承接配送，提供两名社工和一辆送餐车。');
    await look(page, 'claim-filled');
    await page.getByRole('button', { name: '提交认领' }).click();
    await page.getByText('认领申请已提交').waitFor();
    expect(await page.locator('main').innerText()).not.toContain('13800001111');
    await look(page, 'claim-sent');

    const claims = ok(await call(h.sys, 'community', 'GET', `/api/projects/${projectId}`)).json<{ state: { claims: { claimant: { name: string; kind: string } }[] } }>().state.claims;
    expect(claims.map((c) => `${c.claimant.kind} ${c.claimant.name}`)).toEqual(['organization 东莞市某某社会工作服务中心']);
  });

  it('answers a survey by a one-time link, then finds the used link refused; by project, once per phone', async () => {
    const found = ok(await call(h.sys, 'town', 'GET', `/api/projects?keyword=${encodeURIComponent('主干道绿化提升')}`)).json<{ items: { id: number }[] }>();
    const projectId = found.items[0]?.id;
    expect(projectId).toBeDefined();
    if (projectId === undefined) return;
    const issued = ok(await call(h.sys, 'town', 'POST', `/api/projects/${projectId}/survey/tokens`, { count: 1 }), 201).json<{ tokens: { token: string }[] }>();
    const token = issued.tokens[0]?.token;
    expect(token).toBeDefined();
    if (token === undefined) return;

    const answerAll = async (page: Page): Promise<void> => {
      const groups = page.locator('fieldset.levels');
      await groups.first().waitFor();
      for (let i = 0; i < (await groups.count()); i += 1) await groups.nth(i).getByRole('radio').first().check();
    };

    const page = await phone();
    await page.goto(`/m/survey/${encodeURIComponent(token)}`);
    await answerAll(page);
    await page.getByLabel('签名').fill('王阿姨');
    await look(page, 'survey-token-filled');
    await page.getByRole('button', { name: '提交测评' }).click();
    await page.getByText('提交成功，谢谢您！').waitFor();
    await look(page, 'survey-token-thanks');

    await page.goto(`/m/survey/${encodeURIComponent(token)}`);
    await page.getByText('这个测评链接已经不能使用').waitFor();
    await look(page, 'survey-token-used');

    await page.goto(`/m/survey/project/${projectId}`);
    await answerAll(page);
    await page.getByLabel('手机号').fill(SURVEY_PHONE);
    await look(page, 'survey-project-filled');
    await page.getByRole('button', { name: '提交测评' }).click();
    await page.getByText('提交成功，谢谢您！').waitFor();
    await look(page, 'survey-project-thanks');

    await page.goto(`/m/survey/project/${projectId}`);
    await answerAll(page);
    await page.getByLabel('手机号').fill(SURVEY_PHONE);
    await page.getByRole('button', { name: '提交测评' }).click();
    await page.getByText('您已经评过这个项目了').waitFor();
    await look(page, 'survey-project-second-refused');
  });

  it('keeps 大字模式 across a reload, and every page visited passes axe-core in it too', async () => {
    const page = await phone();
    await page.goto('/m/');
    await page.getByRole('button', { name: '大字模式' }).click();
    await page.reload();
    await page.getByRole('button', { name: '大字：开' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('large'))).toBe(true);
    await look(page, 'large-home');

    await page.goto('/m/raise');
    await page.getByRole('heading', { name: '我要提需求', level: 1 }).waitFor();
    await page.getByRole('button', { name: '大字：开' }).waitFor();
    await page.getByRole('button', { name: '提交需求' }).click();
    await page.locator('.problem').first().waitFor();
    await look(page, 'large-raise-problems');

    for (const path of [...visited].filter((p) => p !== '/m/' && p !== '/m/raise')) {
      await page.goto(path);
      await page.locator('main#main').waitFor();
      await page.waitForFunction(() => !document.body.innerText.includes('正在加载'));
      await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('large'))).toBe(true);
      violations.push(...(await h.audit(page, `large ${path}`)));
    }
    expect(violations).toEqual([]);
  });
});
