/** 登记备案表 (附件1) as a document: every field where the form has it, every option printed, section 三 at each stage. */
import { describe, expect, it } from 'vitest';
import {
  CONSULTATION_FORMS,
  CONSULTATION_FORM_LABELS,
  PARTICIPANT_KINDS,
  PARTICIPANT_KIND_LABELS,
  SOURCE_CHANNEL_LABELS,
  SOURCE_CHANNEL_OPTIONS,
} from '../../../src/domain/categories.js';
import {
  CHECKED_BOX,
  DocumentUnavailableError,
  EMPTY_BOX,
  REGISTRATION_FORM_TITLE,
  REGISTRATION_REMARK,
  SMALL_PATH_NO_REVIEW,
  documentText,
  registrationFormDocument,
  type Table,
} from '../../../src/domain/documents/index.js';
import { composeTownOpinion } from '../../../src/domain/forms/registration-form.js';
import { basics, consultation, consultationResult, consultedProject, existingPolicyPoints, openCommand, step } from '../lifecycle/fixtures.js';
import { LARGE, SMALL, TOWN, TOWN_OFFICE, cells, confirmed, lines, occurrences, registered, reviewed, row, withReviewers } from './support.js';

function tableOf(blocks: ReturnType<typeof registrationFormDocument>['blocks']): Table {
  const table = blocks.find((b): b is Table => b.kind === 'table');
  if (table === undefined) throw new Error('no table');
  return table;
}

describe('登记备案表 document', () => {
  it('prints the title, the community, 附件1 and section 一 with the values where the form has them', () => {
    const document = registrationFormDocument({ project: registered(LARGE) });
    expect(document).toMatchObject({ title: '登记备案表-温塘一巷路面修复工程', pageLabel: '附件1', orientation: 'portrait' });
    const text = lines(document);
    expect(text[0]).toBe(REGISTRATION_FORM_TITLE);
    expect(text[1]).toBe('申报村（社区）：东城街道温塘社区');
    expect(cells(document, '项目名称')).toEqual(['项目名称', '温塘一巷路面修复工程']);
    expect(row(document, '项目内容')).toBe(
      `项目内容\t类别： ${CHECKED_BOX}便民工程项目 ${EMPTY_BOX}公益服务项目 内容：修复温塘一巷破损路面，完善排水设施。 （备注：具体内容结合“民生微实事”服务内容填写）`,
    );
    expect(cells(document, '实施地点')).toEqual(['实施地点', '东城街道温塘社区温塘一巷', '项目预算（万元）', '12']);
    expect(cells(document, '项目联系人')).toEqual(['项目联系人', '陈六', '职务', '社区居委会主任', '联系电话', '0769-22223333']);
  });

  it('R2.2 来源渠道: every box printed once, the demands\' boxes ticked, 其他 with the channel it came through', () => {
    const sources = row(registrationFormDocument({ project: registered(LARGE) }), '来源渠道');
    for (const option of SOURCE_CHANNEL_OPTIONS) expect(occurrences(sources, SOURCE_CHANNEL_LABELS[option])).toBeGreaterThanOrEqual(1);
    expect(sources).toContain('☑村（社区）“两委”提议');
    expect(sources).toContain('□群众提议');
    expect(sources).toContain('□网络及热线征集');
    expect(sources).toContain('□“两代表一委员”提议');
    expect(sources).toContain('□驻点领导干部收集');
    expect(sources).toContain('□驻村（社区）企事业单位、社会组织提议');
    expect(sources).toContain('☑其他 ：网格员日常巡查');
    expect(occurrences(sources, CHECKED_BOX)).toBe(2);
    expect(occurrences(sources, EMPTY_BOX)).toBe(SOURCE_CHANNEL_OPTIONS.length - 2);
    // The text of 其他 can be given by the caller.
    expect(row(registrationFormDocument({ project: registered(LARGE), sourceOtherText: '社区议事会' }), '来源渠道')).toContain('☑其他 ：社区议事会');
  });

  it('R3.1 section 二: time, place, host, recorder, every 协商形式 and 参与主体 box, 其他 with its text, the head count', () => {
    const document = registrationFormDocument({ project: registered(LARGE) });
    expect(cells(document, '协商时间')).toEqual(['协商时间', '2026年9月29日 10:00', '协商地点', '温塘社区党群服务中心']);
    expect(cells(document, '主持人')).toEqual(['主持人', '李四', '记录人', '王五']);
    const forms = row(document, '协商形式');
    for (const f of CONSULTATION_FORMS) expect(forms).toContain(CONSULTATION_FORM_LABELS[f]);
    expect(forms).toContain('☑村（居）民（代表）会议');
    expect(forms).toContain('□股东（代表）会议');
    expect(forms).toContain('□网络协商');
    expect(forms).toContain('☑其他形式 ：楼栋长座谈会');
    expect(occurrences(forms, EMPTY_BOX)).toBe(CONSULTATION_FORMS.length - 2);
    const participants = row(document, '参与主体');
    for (const p of PARTICIPANT_KINDS) expect(participants).toContain(PARTICIPANT_KIND_LABELS[p]);
    expect(participants).toContain('☑村（居）民委员会');
    expect(participants).toContain('☑村（居）民代表');
    expect(participants).toContain('☑受惠群体');
    expect(participants).toContain('□基层政府及其派出机关');
    expect(participants).toContain('☑其他 ：辖区学校代表');
    expect(participants).toContain('合共 35 人');
    expect(occurrences(participants, CHECKED_BOX)).toBe(4);
    expect(occurrences(participants, EMPTY_BOX)).toBe(PARTICIPANT_KINDS.length - 4);
  });

  it('R3.1 协商结果: the six numbered points, the mode and fund boxes of the guide, the amounts in 万元', () => {
    const result = row(registrationFormDocument({ project: registered(LARGE) }), '协商结果');
    expect(result).toContain('经参会人员协商，确定温塘一巷路面修复工程项目实施如下：');
    expect(result).toContain('1.项目建设（服务）内容：修复温塘一巷破损路面约300平方米，完善排水。');
    expect(result).toContain('2.项目惠及人群：温塘一巷及周边约800名居民');
    expect(result).toContain('3.项目办理方式： □莞家速递 ☑莞家直达 □莞家驿站');
    expect(result).toContain('4.项目经费预算（万元）：12');
    expect(result).toContain('5.项目经费来源： ☑“民生大莞家”资金 （10万元）\u3000 ☑社会捐赠 （2万元）\u3000 □村（社区）自筹');
    expect(result).toContain('6. 实施主体（承接服务方）：东莞市某某建设工程有限公司');
  });

  it('section 三 before any opinion: each co-reviewer named with a space to stamp, the town opinion left blank', () => {
    const document = registrationFormDocument({ project: withReviewers(), townName: '东城街道' });
    const departments = row(document, '部门审核意见');
    expect(departments).toContain('财政：');
    expect(departments).toContain('住建：');
    expect(occurrences(departments, '（尚未填报审核意见）')).toBe(2);
    expect(departments).toContain('财政（盖章）：\u3000');
    const town = row(document, '镇（街道）审核意见');
    expect(town).not.toContain('经');
    expect(town).toContain('东城街道公共服务办');
    expect(town).toContain('年\u3000\u3000月\u3000\u3000日');
  });

  it('R4.2 / R4.3 section 三: each department\'s four points with 是/否 and 可以/不可以, its opinion and its stamp\'s who and when', () => {
    const departments = row(registrationFormDocument({ project: reviewed() }), '部门审核意见');
    // Each point's comment follows its boxes after a full-width space, as on the paper form.
    expect(departments).toContain('财政： 1.协商过程是否规范： ☑是 □否 \u3000协商程序规范，参与主体齐全');
    expect(departments).toContain('2.预算安排是否合理： ☑是 □否 \u3000预算基本合理，建议补充比价');
    expect(departments).toContain('3.办理方式是否可行： ☑是 □否 \u3000办理方式可行');
    expect(departments).toContain('4.可否由现行政策解决或其他专项资金解决： □可以 ☑不可以 \u3000无其他政策或专项资金可解决');
    expect(departments).toContain('审核意见：同意');
    expect(departments).toContain('审核意见：同意实施');
    expect(departments).toContain('住建（盖章）：钱八\u30002026年10月12日');
    expect(departments).toMatch(/财政（盖章）：\u3000+年/);
  });

  it('R4.4 section 三 after the decision: the composed sentence over the town office\'s name', () => {
    const project = confirmed();
    const decision = project.registration?.townDecision;
    if (decision === undefined || decision === null) throw new Error('not decided');
    const sentence = composeTownOpinion(decision);
    expect(sentence).toBe(
      '经财政/住建等部门审核，该项目属于“民生大莞家”服务范围，由“民生大莞家”服务机制解决，通过莞家直达途径办理，' +
        '所需经费12万元，其中10万元从东城街道温塘社区“民生大莞家”专项资金中列支，2万元由社会捐赠解决。',
    );
    const document = registrationFormDocument({ project });
    expect(row(document, '镇（街道）审核意见')).toBe(`镇（街道）审核意见\t${sentence} ${TOWN_OFFICE} 2026年10月13日`);
    // The decision's office signs, whatever the caller passes.
    expect(row(registrationFormDocument({ project, townOfficeName: '别的办' }), '镇（街道）审核意见')).toContain(TOWN_OFFICE);
  });

  it('R4.3 an existing-policy decision: the sentence says 不属于 and names the department\'s policy and the fiscal budget', () => {
    const decision = {
      outcome: 'existingPolicy' as const,
      townOfficeName: TOWN_OFFICE,
      points: existingPolicyPoints,
      followUp: { departmentId: 32, departmentName: '东城街道住建部门', policyName: '老旧小区改造政策', contactName: '赵七', contactPhone: '0769-22110000' },
      fiscalBudgetHolder: '东城街道',
    };
    const project = step(reviewed(), { type: 'decideReview', decision }, '2026-10-13T02:00:00.000Z', TOWN);
    expect(project.status).toBe('transferred');
    expect(row(registrationFormDocument({ project }), '镇（街道）审核意见')).toBe(
      '镇（街道）审核意见\t经财政/住建等部门审核，该项目不属于“民生大莞家”服务范围，由现行政策解决，通过东城街道住建部门老旧小区改造政策途径办理，' +
        `所需经费从东城街道财政预算中列支。 ${TOWN_OFFICE} 2026年10月13日`,
    );
  });

  it('R3.4 a small-path registration says no town review is needed and prints no sentence', () => {
    const document = registrationFormDocument({ project: registered(SMALL) });
    expect(row(document, '部门审核意见')).toBe(`部门审核意见\t${SMALL_PATH_NO_REVIEW}`);
    expect(row(document, '镇（街道）审核意见')).toBe('镇（街道）审核意见');
    expect(documentText(document)).not.toContain('服务范围');
    expect(cells(document, '实施地点')[3]).toBe('3');
  });

  it('R3.3 a plan adopted by an assembly vote after a failed consultation: the vote is noted under 协商结果, the adopted plan printed', () => {
    const failed = step(step(null, openCommand(), '2026-09-22T03:00:00.000Z'), { type: 'recordConsultation', consultation: consultation(3_000_000, { passed: false }) }, '2026-09-29T03:00:00.000Z');
    const studied = step(failed, { type: 'recordFeasibilityStudy', study: { summary: '缩小修复范围', recommendation: 'assemblyVote', attachmentIds: [801] } }, '2026-10-09T02:00:00.000Z');
    const vote = { heldAt: '2026-10-12T02:00:00.000Z', present: 40, votesFor: 30, votesAgainst: 8, abstentions: 2, minutesAttachmentIds: [802], result: consultationResult(2_500_000) };
    const voted = step(studied, { type: 'recordAssemblyVote', vote }, '2026-10-12T03:00:00.000Z');
    const project = step(voted, { type: 'submitRegistration', basics: basics(2_500_000), recentSmallProjects: [] }, '2026-10-12T04:00:00.000Z');
    const result = row(registrationFormDocument({ project }), '协商结果');
    expect(result).toContain('4.项目经费预算（万元）：2.5');
    expect(result).toContain('5.项目经费来源： ☑“民生大莞家”资金 （2.5万元）\u3000 □社会捐赠 □村（社区）自筹');
    expect(result).toContain('（协商未通过，经2026年10月12日村（居）民（代表）会议表决通过：到会40人，赞成30票，反对8票，弃权2票）');
  });

  it('R3.1 money of the collective economy is ticked as 村（社区）自筹, the form having no box of its own for it', () => {
    const split = [
      { source: 'special' as const, amountFen: 2_000_000 },
      { source: 'collective' as const, amountFen: 500_000 },
      { source: 'selfRaised' as const, amountFen: 500_000 },
    ];
    const consulted = step(step(null, openCommand(), '2026-09-22T03:00:00.000Z'), { type: 'recordConsultation', consultation: consultation(3_000_000, { result: consultationResult(3_000_000, 'express', split) }) }, '2026-09-29T03:00:00.000Z');
    const project = step(consulted, { type: 'submitRegistration', basics: basics(3_000_000), recentSmallProjects: [] }, '2026-09-30T02:00:00.000Z');
    expect(row(registrationFormDocument({ project }), '协商结果')).toContain('5.项目经费来源： ☑“民生大莞家”资金 （2万元）\u3000 □社会捐赠 ☑村（社区）自筹 （1万元）');
  });

  it('prints the guide\'s 备注', () => {
    expect(cells(registrationFormDocument({ project: registered(SMALL) }), '备注')).toEqual(['备注', REGISTRATION_REMARK]);
  });

  it('keeps every row of the table as wide as the table, counting spans and covered cells', () => {
    for (const project of [registered(SMALL), withReviewers(), confirmed()]) {
      const table = tableOf(registrationFormDocument({ project }).blocks);
      const covered = new Map<number, number>();
      table.rows.forEach((r, index) => {
        const width = r.cells.reduce((sum, c) => sum + (c.colSpan ?? 1), 0) + (covered.get(index) ?? 0);
        expect(width, `row ${index}`).toBe(table.widths.length);
        let column = 0;
        for (const c of r.cells) {
          for (let k = 1; k < (c.rowSpan ?? 1); k++) covered.set(index + k, (covered.get(index + k) ?? 0) + (c.colSpan ?? 1));
          column += c.colSpan ?? 1;
        }
        expect(column).toBeLessThanOrEqual(table.widths.length);
      });
    }
  });

  it('refuses a project without a registration', () => {
    const build = () => registrationFormDocument({ project: consultedProject({ budgetFen: SMALL }) });
    expect(build).toThrow(DocumentUnavailableError);
    expect(build).toThrow('该项目尚未填报登记备案表');
    try {
      build();
    } catch (error) {
      expect((error as DocumentUnavailableError).code).toBe('NO_REGISTRATION');
    }
  });
});
