/**
 * 登记备案表 section 一 (附件1 项目基本信息) as the clerk types it, its conversion into the request's `basics` (the
 * budget is the agreed 协商结果's, in 分; the 超限说明 only when over the cap), the path that follows submission
 * (R3.4 备案 by the community / R3.5 town review, R1.2 超限) and the server's field names mapped back to the form.
 */
import {
  SUBCATEGORIES,
  SUBCATEGORY_CODES,
  sourceChannelsOf,
  type Category,
  type Channel,
  type ProposerKind,
  type SourceChannelOption,
  type SubcategoryCode,
} from '../../../../domain/categories.js';
import { checkCap, registrationPath, type RegistrationPath } from '../../../../domain/forms/registration-form.js';
import type { Fen } from '../../../../domain/money.js';
import type { RulesConfig } from '../../../../domain/rules-config.js';
import type { RequestOf } from '../../../api/models.js';
import type { FieldPath } from './consultation-values.js';

export type RegistrationBody = RequestOf<'submitRegistration'>;
export type RegistrationBasicsBody = RegistrationBody['basics'];

export interface RegistrationValues {
  readonly projectName?: string;
  readonly category?: Category;
  readonly subcategory?: SubcategoryCode;
  readonly content?: string;
  readonly location?: string;
  readonly contact?: { readonly name?: string; readonly title?: string; readonly phone?: string };
  readonly overCapJustification?: string;
}

const text = (value: string | undefined): string => (value ?? '').trim();

/** R1.1 the subcategories of a category, in the guide's order. */
export function subcategoriesOf(category: Category | undefined): SubcategoryCode[] {
  return category === undefined ? [] : SUBCATEGORY_CODES.filter((code) => SUBCATEGORIES[code].category === category);
}

export interface PathNotice {
  readonly path: RegistrationPath;
  readonly overCap: boolean;
  readonly capFen: Fen;
}

/**
 * R0.3 / R3.4 / R3.5 / R1.2 what follows submission, as the domain decides it: ≤ 5万 and within the category's cap →
 * the small path; above 5万 or over the cap → the town. Without a category the cap is unknown: null, unless the amount
 * alone already sends it to the town (then `overCap` is false and `capFen` 0).
 */
export function pathNotice(category: Category | undefined, budgetFen: Fen, config: RulesConfig): PathNotice | null {
  if (category === undefined) return budgetFen > config.smallPathMaxFen ? { path: 'town', overCap: false, capFen: 0 } : null;
  const cap = checkCap(category, budgetFen, config);
  return { path: registrationPath(budgetFen, cap.overCap, config), overCap: cap.overCap, capFen: cap.capFen };
}

/**
 * Section 一 → the request's `basics`. The budget is the one the consultation agreed (the domain refuses any other);
 * the 超限说明 goes only when the budget is over the category's cap (R1.2).
 */
export function registrationBasicsBody(
  values: RegistrationValues,
  budgetFen: Fen,
  config: RulesConfig,
): RegistrationBasicsBody | null {
  const { category, subcategory } = values;
  if (category === undefined || subcategory === undefined) return null;
  const overCap = checkCap(category, budgetFen, config).overCap;
  return {
    projectName: text(values.projectName),
    category,
    subcategory,
    content: text(values.content),
    location: text(values.location),
    budgetFen,
    contact: { name: text(values.contact?.name), title: text(values.contact?.title), phone: text(values.contact?.phone) },
    overCapJustification: overCap ? text(values.overCapJustification) : null,
  };
}

/** R2.2 the 来源渠道 boxes the project's demands tick (derived, never typed), as the server derives them. */
export function derivedSourceChannels(
  sources: readonly { readonly channel: Channel; readonly proposerKind: ProposerKind }[],
): SourceChannelOption[] {
  return sourceChannelsOf(sources);
}

const KNOWN = ['projectName', 'category', 'subcategory', 'content', 'location', 'contact', 'overCapJustification'];

/** `basics.contact.phone` → the form's `contact.phone`; null for what the form does not have (budget, 来源渠道 …). */
export function registrationFieldPath(field: string): FieldPath | null {
  const parts = field.replace(/^body\./, '').split('.');
  if (parts[0] === 'basics') parts.shift();
  return parts[0] !== undefined && KNOWN.includes(parts[0]) ? parts : null;
}
