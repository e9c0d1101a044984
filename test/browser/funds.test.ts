/**
 * 资金台账 in a real Chromium against the real system (demo cases, fresh SQLite): a town clerk records a
 * disbursement for one of the town's projects (amount in 元, converted to 分 exactly), is refused past the project's
 * approved amount with the server's OVER_APPROVED message (R9.2), records it with an override and its reason, and
 * sees the balance and the lines change; the project page's 资金 tab shows budget against actual; the bureau reads
 * the ledger without the record buttons; axe-core finds no serious or critical violation. Screenshots at 1366×768.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ResponseOf } from '../../src/web/api/models.js';
import { formatYuan } from '../../src/domain/money.js';
import { DEMO_PASSWORD } from '../support/system.js';
import { label, useHarness } from './harness.js';

type Ledger = ResponseOf<'viewFundsLedger'>;

describe('资金台账 in Chromium', () => {
  const h = useHarness({ demoCases: true });
  const { signIn, settled, shot, choose } = h;

  async function ledgerOf(page: Page): Promise<Ledger> {
    const session = (await (await page.request.get('/api/session')).json()) as { unit: { id: number } };
    const response = await page.request.get(`/api/towns/${session.unit.id}/funds?year=2026`);
    expect(response.status()).toBe(200);
    return (await response.json()) as Ledger;
  }

  async function loaded(page: Page): Promise<void> {
    await page.getByRole('heading', { name: /年度资金台账$/, level: 4 }).waitFor();
    await page.waitForFunction(() => document.querySelector('.ant-spin-spinning') === null);
    await settled(page);
  }

  const paidText = (page: Page) => page.getByTestId('funds-card-已发放').locator('.ant-statistic-content').innerText();

  async function fill(page: Page, project: string, amount: string, voucher: string): Promise<void> {
    const dialog = page.getByRole('dialog', { name: '登记资金发放' });
    await choose(page, dialog.getByRole('combobox').first(), project);
    await dialog.getByLabel('金额（元）').fill(amount);
    await dialog.getByLabel('凭证号').fill(voucher);
  }

  it('R9.1 R9.2 a town clerk records a disbursement, is refused past the approved amount, records it with an override, and sees the balance change', async () => {
    const page = await signIn('town', DEMO_PASSWORD, { width: 1366, height: 768 });
    await page.getByRole('menuitem', { name: /资金台账/ }).click();
    await loaded(page);
    const before = await ledgerOf(page);
    const project = before.projects.find((p) => p.approved.special >= 200 && p.approved.special % 2 === 0 && p.disbursed.special === 0);
    if (project === undefined) throw new Error('no demo project with 专项资金 to disburse');
    const option = `${project.code} ${project.communityName} ${project.projectName}`;
    const half = project.approved.special / 2;
    expect(await paidText(page)).toBe(`${formatYuan(before.balances.totalDisbursedFen)}元`);
    await shot(page, 'funds-ledger-town-1366');

    // R9.1 the town's matching funds (the demo set them): raised to 80万元 with a reason, shown as credited.
    await page.getByRole('button', { name: /设定配套资金/ }).click();
    const matching = page.getByRole('dialog', { name: /镇街配套资金/ });
    await matching.getByLabel('配套资金（元）').fill('800000');
    if (before.matchingFund.amountFen !== null) await matching.getByLabel('调整理由').fill('镇财政追加配套资金');
    await shot(page, 'funds-matching-dialog-1366');
    await matching.getByRole('button', { name: label('保存') }).click();
    await page.getByText('镇街配套资金已设定').waitFor();
    await expect.poll(() => page.getByTestId('funds-card-镇街配套资金').locator('.ant-statistic-content').innerText()).toBe('800,000.00元');

    // Within the approval: half of its 专项资金.
    await page.getByRole('button', { name: /登记资金发放/ }).click();
    await fill(page, option, (half / 100).toFixed(2), 'BT-2026-001');
    await shot(page, 'funds-record-dialog-1366');
    await page.getByRole('button', { name: label('登记') }).click();
    await page.getByText(`已登记：${project.projectName}`).waitFor();
    await page.getByRole('cell', { name: 'BT-2026-001' }).waitFor();
    await expect.poll(() => paidText(page)).toBe(`${formatYuan(before.balances.totalDisbursedFen + half)}元`);

    // Past it: the whole approval again, refused with the server's message, then sent with an override.
    await page.getByRole('button', { name: /登记资金发放/ }).click();
    await fill(page, option, (project.approved.special / 100).toFixed(2), 'BT-2026-002');
    await page.getByRole('button', { name: label('登记') }).click();
    const dialog = page.getByRole('dialog', { name: '登记资金发放' });
    await dialog.getByText(/本次发放将超出.*确需发放请说明理由/).waitFor();
    expect((await ledgerOf(page)).lines).toHaveLength(before.lines.length + 1);
    await dialog.getByRole('checkbox', { name: '超额发放（须说明理由）' }).check();
    await dialog.getByLabel('超额发放理由').fill('工程量增加，经镇党委会议研究同意追加');
    await shot(page, 'funds-override-1366');
    await dialog.getByRole('button', { name: '超额发放并登记' }).click();
    await page.getByRole('cell', { name: 'BT-2026-002' }).waitFor();
    await page.getByText(`超额发放 ${formatYuan(half)} 元`).waitFor();
    await expect.poll(() => paidText(page)).toBe(`${formatYuan(before.balances.totalDisbursedFen + half + project.approved.special)}元`);
    const after = await ledgerOf(page);
    expect(after.discrepancies).toEqual([]);
    expect(after.lines.find((l) => l.voucherNo === 'BT-2026-002')?.override).toMatchObject({ reason: '工程量增加，经镇党委会议研究同意追加', excessFen: half });
    await shot(page, 'funds-ledger-after-1366');

    // R9.2 the project's 资金 tab: the approval, what was paid and the excess.
    await page.goto(`/projects/${project.projectId}?tab=funds`);
    await page.getByText('预算与实际（R9.2）').waitFor();
    await page.getByText(`超发 ${formatYuan(half)}`).first().waitFor();
    await shot(page, 'funds-project-tab-1366');
  });

  it('the bureau reads a town’s ledger without the record buttons; axe-core finds no serious or critical violation', async () => {
    const found: string[] = [];
    for (const username of ['town', 'bureau', 'community']) {
      const page = await h.newPage({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
      await page.goto('/login');
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: label('登录') }).click();
      await page.getByTestId('current-user').waitFor();
      await page.goto('/funds');
      if (username === 'community') {
        await page.getByText('资金台账由镇（街道）登记').waitFor();
      } else {
        await loaded(page);
      }
      if (username === 'bureau') {
        expect(await page.getByRole('button', { name: /登记资金发放/ }).count()).toBe(0);
        await shot(page, 'funds-ledger-bureau-1366');
      }
      found.push(...(await h.audit(page, `${username} /funds`)));
      if (username === 'town') {
        await page.getByRole('button', { name: /登记资金发放/ }).click();
        await page.getByRole('dialog', { name: '登记资金发放' }).waitFor();
        found.push(...(await h.audit(page, 'town /funds (dialog)')));
      }
      await h.close(page.context());
    }
    expect(found).toEqual([]);
  });
});
