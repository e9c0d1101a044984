/**
 * R0.8 the schema projection of views (http/view.ts): unlisted properties are dropped at every depth, strings are
 * shown by their declared class, a union's branch is chosen by its discriminant, and the per-role allow-list
 * decides who sees what.
 */
import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../src/domain/access/roles.js';
import { seesPersonalData, stringMaskerFor } from '../../../src/server/http/masking.js';
import { FreeText, PersonName, PhoneNumber, Plain, projectView } from '../../../src/server/http/view.js';

const Claimant = Type.Union([
  Type.Object({ kind: Type.Literal('individual'), name: PersonName(), phone: PhoneNumber() }),
  Type.Object({ kind: Type.Literal('enterprise'), name: FreeText(), phone: PhoneNumber() }),
]);
const View = Type.Object({
  code: Plain(),
  note: FreeText(),
  plainDefault: Type.String(),
  claimants: Type.Array(Claimant),
  nested: Type.Union([Type.Object({ keep: Type.Integer() }), Type.Null()]),
});

const value = {
  code: 'MS13812345678',
  note: '王小明的电话13812345678',
  plainDefault: '身份证440104199001011234',
  claimants: [
    { kind: 'individual' as const, name: '王小明', phone: '13812345678', secret: 'x' },
    { kind: 'enterprise' as const, name: '东莞市示例建设有限公司', phone: '13900001111' },
  ],
  nested: { keep: 1, drop: 'gone' },
  extra: 'gone',
};

describe('view projection', () => {
  it('R0.8 a masked reader: names, phones and free text masked by class, plain codes kept, unlisted fields dropped', () => {
    const out = projectView(View, value, stringMaskerFor('supervisor', ['王小明']));
    expect(out).toEqual({
      code: 'MS13812345678',
      note: '王**的电话138****5678',
      plainDefault: '身份证4401**********1234',
      claimants: [
        { kind: 'individual', name: '王**', phone: '138****5678' },
        { kind: 'enterprise', name: '东莞市示例建设有限公司', phone: '139****1111' },
      ],
      nested: { keep: 1 },
    });
  });

  it('R0.8 a reader who sees personal data gets the values as they are, still only the listed fields', () => {
    const out = projectView(View, value, stringMaskerFor('community_staff', ['王小明']));
    expect(out.note).toBe('王小明的电话13812345678');
    expect(out.claimants[0]).toEqual({ kind: 'individual', name: '王小明', phone: '13812345678' });
    expect(out).not.toHaveProperty('extra');
  });

  it('R0.8 only community and town staff see personal data in full; every other role sees it masked', () => {
    expect(ROLES.filter(seesPersonalData)).toEqual(['community_staff', 'town_staff']);
    for (const role of ROLES.filter((r) => !seesPersonalData(r))) {
      const m = stringMaskerFor(role, ['王小明']);
      expect([m.name('王小明'), m.phone('13812345678'), m.text('王小明13812345678')]).toEqual(['王**', '138****5678', '王**138****5678']);
    }
  });
});
