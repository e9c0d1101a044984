// 登记备案表 section 一 → the request's basics, and the path that follows submission (R3.4, R3.5, R1.2).
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES_CONFIG } from '../../src/domain/rules-config.js';
import {
  derivedSourceChannels,
  pathNotice,
  registrationBasicsBody,
  registrationFieldPath,
  subcategoriesOf,
} from '../../src/web/pages/cases/steps/registration-values.js';

const values = {
  projectName: ' 长者助餐服务 ',
  category: 'service' as const,
  subcategory: 'S1' as const,
  content: '午餐配送',
  location: '示例社区一',
  contact: { name: '李主任', title: '社区主任', phone: ' 13800138000 ' },
  overCapJustification: '  不应发送  ',
};

describe('R3.4 / R3.5 / R1.2 the path after submission', () => {
  it('R3.4 up to 5万元 inclusive and within the cap is the small path', () => {
    expect(pathNotice('service', 5_000_000, DEFAULT_RULES_CONFIG)).toEqual({ path: 'small', overCap: false, capFen: 20_000_000 });
  });

  it('R3.5 above 5万元 goes to the town, even before a category is chosen', () => {
    expect(pathNotice('engineering', 5_000_001, DEFAULT_RULES_CONFIG)?.path).toBe('town');
    expect(pathNotice(undefined, 12_000_000, DEFAULT_RULES_CONFIG)?.path).toBe('town');
    expect(pathNotice(undefined, 4_000_000, DEFAULT_RULES_CONFIG)).toBeNull();
  });

  it('R1.2 over the cap is 超限 and goes to the town', () => {
    expect(pathNotice('service', 20_000_001, DEFAULT_RULES_CONFIG)).toEqual({ path: 'town', overCap: true, capFen: 20_000_000 });
    expect(pathNotice('engineering', 20_000_001, DEFAULT_RULES_CONFIG)?.overCap).toBe(false);
  });
});

describe('R3.2 the basics sent', () => {
  it('R3.2 trims, carries the agreed budget in 分, and the 超限说明 only when over the cap', () => {
    expect(registrationBasicsBody(values, 4_800_000, DEFAULT_RULES_CONFIG)).toEqual({
      projectName: '长者助餐服务',
      category: 'service',
      subcategory: 'S1',
      content: '午餐配送',
      location: '示例社区一',
      budgetFen: 4_800_000,
      contact: { name: '李主任', title: '社区主任', phone: '13800138000' },
      overCapJustification: null,
    });
    expect(registrationBasicsBody(values, 25_000_000, DEFAULT_RULES_CONFIG)?.overCapJustification).toBe('不应发送');
    expect(registrationBasicsBody({ ...values, subcategory: undefined }, 1, DEFAULT_RULES_CONFIG)).toBeNull();
  });

  it('R1.1 offers the subcategories of the chosen category only', () => {
    expect(subcategoriesOf('engineering')).toEqual(['E1', 'E2', 'E3']);
    expect(subcategoriesOf('service')).toHaveLength(8);
    expect(subcategoriesOf(undefined)).toEqual([]);
  });

  it('R2.2 来源渠道 is derived from the demands as the server derives it', () => {
    expect(
      derivedSourceChannels([
        { channel: 'hotline12345', proposerKind: 'masses' },
        { channel: 'communitySelf', proposerKind: 'committee' },
        { channel: 'leaderStation', proposerKind: 'masses' },
      ]),
    ).toEqual(['onlineHotline', 'committeeProposal', 'residentOfficialCollected']);
  });

  it('maps the server field names onto the form', () => {
    expect(registrationFieldPath('basics.contact.phone')).toEqual(['contact', 'phone']);
    expect(registrationFieldPath('body.basics.overCapJustification')).toEqual(['overCapJustification']);
    expect(registrationFieldPath('basics.budgetFen')).toBeNull();
    expect(registrationFieldPath('basics.sourceChannels')).toBeNull();
  });
});
